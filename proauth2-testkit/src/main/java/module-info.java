/** The contract suites every DataStore and ClientAuthMethod plugin runs (JUnit 5). */
module dev.proauth2.testkit {
  requires transitive dev.proauth2.core;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;

  exports dev.proauth2.testkit;

  opens dev.proauth2.testkit to
      org.junit.platform.commons;
}
