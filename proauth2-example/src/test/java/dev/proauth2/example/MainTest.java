package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "demo walks through every step on the memory store and ends with the revoked token refused")
  void demoRuns() {
    assertEquals(0, run("demo"));
    String printed = out.toString(StandardCharsets.UTF_8);
    for (String step :
        List.of(
            "Registered a client app",
            "exchanged the code",
            "authenticated the access token",
            "user                   alice@example.com",
            "Introspection",
            "Replaying the code is refused",
            "refreshed with narrower scope",
            "revoked its access token",
            "refused with invalid_token",
            "Done")) {
      assertTrue(printed.contains(step), "missing step '" + step + "' in:\n" + printed);
    }
  }

  @Test
  @DisplayName("an unknown store scheme fails with a message naming the installed schemes")
  void unknownStore() {
    assertEquals(1, run("demo", "--store", "cassandra://localhost"));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("cassandra"), message);
    assertTrue(message.contains("memory"), message);
  }

  @Test
  @DisplayName("no mode or an unknown argument prints the usage and exits with 2")
  void usage() {
    assertEquals(2, run());
    assertEquals(2, run("demo", "--bogus"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
  }
}
