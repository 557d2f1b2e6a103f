/**
 * The proauth2 engine. Start with {@link dev.proauth2.Proauth2}: open it on a store by config
 * string, register clients, issue codes and tokens, check and revoke tokens.
 */
package dev.proauth2;
