package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The shaded {@code proauth2-example.jar} itself, run with {@code java -jar} as the README says: it
 * carries datastore-jdbc and the drivers, so the demo runs on H2 and on a real PostgreSQL. Runs in
 * the package phase, once the jar is made (see this module's pom).
 */
@EnabledIfSystemProperty(named = "proauth2.demoJar", matches = ".+")
class DemoJarTest {

  /** Set by the pom's package-phase execution only; a test-phase run skips these tests. */
  private static final String JAR_PROPERTY = "proauth2.demoJar";

  private static String runJar(String... arguments) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty(JAR_PROPERTY));
    assertTrue(
        Files.isRegularFile(jar), jar + " is missing: this test runs after the shade plugin");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the jar did not finish in 120 s");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  @Test
  @DisplayName("java -jar proauth2-example.jar demo --store jdbc:h2:mem:demo runs every step")
  void demoOnH2() throws Exception {
    String output = runJar("demo", "--store", "jdbc:h2:mem:demo");
    assertTrue(output.contains("Done"), output);
  }

  @Test
  @DisplayName("java -jar proauth2-example.jar demo --store jdbc:postgresql://... runs every step")
  void demoOnPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String output =
          runJar(
              "demo",
              "--store",
              "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres");
      assertTrue(output.contains("Done"), output);
    }
  }

  @Test
  @DisplayName("java -jar proauth2-example.jar serve --help names the JDBC stores")
  void helpFromTheJar() throws Exception {
    String output = runJar("serve", "--help");
    assertTrue(output.contains("jdbc:postgresql:"), output);
    assertTrue(output.contains("jdbc:h2:"), output);
  }
}
