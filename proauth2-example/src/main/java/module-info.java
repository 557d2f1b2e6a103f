/**
 * The runnable walk-through and demo authorization server. Stores and client authentication methods
 * come from whatever plugins are on the module path or the class path.
 */
module dev.proauth2.example {
  requires dev.proauth2.core;
  // Signing: the /jwks keys and JWT access tokens.
  requires dev.proauth2.jose;
  // OpenID Connect: ID tokens, UserInfo, discovery.
  requires dev.proauth2.oidc;
  requires jdk.httpserver;
  // Only for serve --clients (ClientsFile).
  requires static com.fasterxml.jackson.databind;
  // Only for --metrics (DemoMetrics); the demo runs without them.
  requires static dev.proauth2.micrometer;
  requires static micrometer.core;
  requires static micrometer.registry.prometheus;
}
