/**
 * Client authentication with a client secret: {@link
 * dev.proauth2.authmethod.basic.ClientSecretBasic} (HTTP Basic header) and {@link
 * dev.proauth2.authmethod.basic.ClientSecretPost} (form body). Add this jar and clients registered
 * with either method can authenticate.
 */
package dev.proauth2.authmethod.basic;
