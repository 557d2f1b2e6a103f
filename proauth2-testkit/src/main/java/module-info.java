/** The contract suites every DataStore, ClientAuthMethod and HTTP adapter runs (JUnit 5). */
module dev.proauth2.testkit {
  requires transitive dev.proauth2.core;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires java.net.http;
  requires oauth2.oidc.sdk;
  requires transitive com.nimbusds.jose.jwt;

  exports dev.proauth2.testkit;

  opens dev.proauth2.testkit to
      org.junit.platform.commons;
}
