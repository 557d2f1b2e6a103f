/**
 * The proauth2 endpoints as a Jakarta Servlet 6 servlet, and a resource-server filter that checks
 * bearer tokens. The container provides the servlet API.
 */
module dev.proauth2.servlet {
  requires transitive dev.proauth2.core;
  requires transitive jakarta.servlet;
  // Only when the host adds OpenID Connect (Proauth2Servlet.Builder.openId).
  requires static dev.proauth2.oidc;

  exports dev.proauth2.servlet;
}
