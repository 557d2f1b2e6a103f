/**
 * A Jakarta Servlet 6 adapter for proauth2: start with {@link
 * dev.proauth2.servlet.Proauth2Servlet}, which serves every endpoint, and {@link
 * dev.proauth2.servlet.ConsentPage}, the one interface the host implements for its login and
 * consent page. APIs check bearer tokens with {@link dev.proauth2.servlet.BearerTokenFilter}.
 */
package dev.proauth2.servlet;
