package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo launched as a real module ({@code java -p ... -m}), with its store and client
 * authentication plugins found by {@code provides} on the module path, or by {@code
 * META-INF/services} on the class path beside it.
 */
class ModulePathTest {

  /** The directory or jar of one of this build's modules on the test class path. */
  private static String entry(String module) {
    for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String normalized = path.replace('\\', '/');
      if (normalized.contains("/" + module + "/target/")
          && !normalized.contains("test-classes")
          && !normalized.endsWith("-tests.jar")) {
        return path;
      }
    }
    throw new IllegalStateException(module + " is not on the test class path");
  }

  private static String join(String... entries) {
    return String.join(File.pathSeparator, entries);
  }

  /** The demo's signing module and what it needs: nimbus-jose-jwt, and Tink for EdDSA. */
  private static String signing() {
    return join(
        entry("proauth2-jose"),
        library("/nimbus-jose-jwt-"),
        library("/tink-"),
        library("/gson-"),
        library("/jsr305-"),
        library("/error_prone_annotations-"));
  }

  /** A library jar on the test class path whose path contains this fragment. */
  private static String library(String fragment) {
    for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (path.replace('\\', '/').contains(fragment)) {
        return path;
      }
    }
    throw new IllegalStateException(fragment + " is not on the test class path");
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the demo did not finish in 60 s");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  private static List<String> java(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(arguments));
    return command;
  }

  @Test
  @DisplayName(
      "on the module path alone, the demo finds the memory store by its config string, with no"
          + " --add-modules: the store module is bound as a provider of the service core uses")
  void modulePath() throws Exception {
    String modules =
        join(
            entry("proauth2-example"),
            entry("proauth2-core"),
            entry("proauth2-api"),
            entry("datastore-memory"),
            entry("authmethod-basic"),
            signing());
    String output =
        run(
            java(
                "-p",
                modules,
                "-m",
                "dev.proauth2.example/dev.proauth2.example.Main",
                "demo",
                "--store",
                "memory:"));
    assertTrue(output.contains("Done"), output);
  }

  @Test
  @DisplayName("with the store plugin on the class path beside the modules, the demo finds it too")
  void pluginOnClassPath() throws Exception {
    String modules =
        join(
            entry("proauth2-example"),
            entry("proauth2-core"),
            entry("proauth2-api"),
            entry("authmethod-basic"),
            signing());
    String output =
        run(
            java(
                "-p",
                modules,
                "-cp",
                entry("datastore-memory"),
                "-m",
                "dev.proauth2.example/dev.proauth2.example.Main",
                "demo",
                "--store",
                "memory:"));
    assertTrue(output.contains("Done"), output);
  }
}
