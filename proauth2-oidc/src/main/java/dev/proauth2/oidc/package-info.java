/**
 * OpenID Connect for proauth2: {@link dev.proauth2.oidc.OpenIdProvider} makes an engine an OpenID
 * Provider (ID tokens at the code exchange and on refresh), with the host's claims from {@link
 * dev.proauth2.oidc.UserClaims}; the endpoint helpers {@link dev.proauth2.oidc.UserInfoEndpoint}
 * and {@link dev.proauth2.oidc.OpenIdConfiguration} serve UserInfo and discovery.
 */
package dev.proauth2.oidc;
