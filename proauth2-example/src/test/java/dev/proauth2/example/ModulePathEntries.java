package dev.proauth2.example;

import java.io.File;

/** Entries of the test class path, for the tests that run the demo on the module path. */
final class ModulePathEntries {

  private ModulePathEntries() {}

  /** The classes directory or jar of one of this build's modules, such as {@code proauth2-core}. */
  static String module(String name) {
    return find("/" + name + "/target/");
  }

  /**
   * What the demo's signing needs (it requires {@code dev.proauth2.jose} and {@code
   * dev.proauth2.oidc}): proauth2-jose, proauth2-oidc, nimbus-jose-jwt, and Tink with what it
   * requires, for EdDSA; joined with the path separator.
   */
  static String signing() {
    return String.join(
        File.pathSeparator,
        module("proauth2-jose"),
        module("proauth2-oidc"),
        find("/nimbus-jose-jwt-"),
        find("/tink-"),
        find("/gson-"),
        find("/jsr305-"),
        find("/error_prone_annotations-"));
  }

  /** The entry whose path contains this fragment, other than a test-classes directory or jar. */
  static String find(String fragment) {
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
