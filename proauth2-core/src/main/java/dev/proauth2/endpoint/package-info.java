/**
 * Framework-neutral HTTP endpoints of an OAuth 2.1 authorization server: the host turns its HTTP
 * request into an {@link dev.proauth2.endpoint.EndpointRequest}, calls an endpoint, and copies the
 * {@link dev.proauth2.endpoint.EndpointResponse} (status, headers, body) back out.
 *
 * <p>Start with {@link dev.proauth2.endpoint.TokenEndpoint}; the others work the same way: {@link
 * dev.proauth2.endpoint.AuthorizationEndpoint} (RFC 6749 section 4.1, RFC 9207), {@link
 * dev.proauth2.endpoint.RevocationEndpoint} (RFC 7009), {@link
 * dev.proauth2.endpoint.IntrospectionEndpoint} (RFC 7662), {@link
 * dev.proauth2.endpoint.RegistrationEndpoint} (RFC 7591), {@link
 * dev.proauth2.endpoint.AuthorizationServerMetadata} (RFC 8414) and, for resource servers, {@link
 * dev.proauth2.endpoint.BearerToken} (RFC 6750). An adapter reads request bodies with {@link
 * dev.proauth2.endpoint.RequestBody}. Nothing here needs a library beyond the JDK.
 *
 * <p>Open registration is bounded by a {@link dev.proauth2.endpoint.RegistrationPolicy}: what a
 * client may register, how many may register from one address and in total, and how long a
 * self-registered client lasts. Keep one {@code RegistrationEndpoint}: its rate limit counts in it.
 */
package dev.proauth2.endpoint;
