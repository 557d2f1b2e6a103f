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

  private static String join(String... entries) {
    return String.join(File.pathSeparator, entries);
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
            ModulePathEntries.module("proauth2-example"),
            ModulePathEntries.module("proauth2-core"),
            ModulePathEntries.module("proauth2-api"),
            ModulePathEntries.module("datastore-memory"),
            ModulePathEntries.module("authmethod-basic"),
            ModulePathEntries.signing());
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
            ModulePathEntries.module("proauth2-example"),
            ModulePathEntries.module("proauth2-core"),
            ModulePathEntries.module("proauth2-api"),
            ModulePathEntries.module("authmethod-basic"),
            ModulePathEntries.signing());
    String output =
        run(
            java(
                "-p",
                modules,
                "-cp",
                ModulePathEntries.module("datastore-memory"),
                "-m",
                "dev.proauth2.example/dev.proauth2.example.Main",
                "demo",
                "--store",
                "memory:"));
    assertTrue(output.contains("Done"), output);
  }
}
