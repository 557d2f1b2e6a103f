package dev.proauth2.example;

import java.io.File;

/**
 * The module path entries the demo's signing needs (it requires {@code dev.proauth2.jose}):
 * proauth2-jose, nimbus-jose-jwt, and Tink with what it requires, for EdDSA.
 */
final class SigningModules {

  private SigningModules() {}

  /** The entries, joined with the path separator. */
  static String path() {
    return String.join(
        File.pathSeparator,
        find("/proauth2-jose/target/"),
        find("/nimbus-jose-jwt-"),
        find("/tink-"),
        find("/gson-"),
        find("/jsr305-"),
        find("/error_prone_annotations-"));
  }

  private static String find(String fragment) {
    for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String normalized = path.replace('\\', '/');
      if (normalized.contains(fragment)
          && !normalized.contains("test-classes")
          && !normalized.endsWith("-tests.jar")) {
        return path;
      }
    }
    throw new IllegalStateException(fragment + " is not on the test class path");
  }
}
