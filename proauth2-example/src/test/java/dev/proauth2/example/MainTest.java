package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AccessTokenFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

  @Test
  @DisplayName("serve refuses a bad port or an unknown option with the usage and exit 2")
  void serveUsage() {
    assertEquals(2, run("serve", "--port", "http"));
    assertEquals(2, run("serve", "--port", "70000"));
    assertEquals(2, run("serve", "--bogus"));
    assertEquals(2, run("serve", "--store"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--auto-approve"));
  }

  @Test
  @DisplayName("serve with an issuer the engine refuses fails with exit 1 and says why")
  void serveBadIssuer() {
    assertEquals(1, run("serve", "--port", "0", "--issuer", "http://auth.example"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("issuer"));
  }

  @Test
  @DisplayName("serve on a port in use fails with exit 1 and names the port")
  void servePortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      assertEquals(1, run("serve", "--port", port));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains(port));
    }
  }

  @Test
  @DisplayName("serve options: defaults, and every option parsed")
  void serveOptions() {
    assertEquals(new ServeOptions(8080, "memory:", null, false), ServeOptions.parse(List.of()));
    assertEquals(
        new ServeOptions(9000, "tiny:", "https://auth.example", true),
        ServeOptions.parse(
            List.of(
                "--port",
                "9000",
                "--store",
                "tiny:",
                "--issuer",
                "https://auth.example",
                "--auto-approve")));
    ServeOptions signing =
        ServeOptions.parse(List.of("--access-token-format", "jwt", "--signing-key-rotation", "60"));
    assertEquals(AccessTokenFormat.JWT, signing.accessTokenFormat());
    assertEquals(Duration.ofSeconds(60), signing.signingKeyRotation());
  }

  @Test
  @DisplayName("serve options: a wrong access token format or rotation names the accepted values")
  void badSigningOptions() {
    IllegalArgumentException format =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServeOptions.parse(List.of("--access-token-format", "paseto")));
    assertEquals("--access-token-format must be jwt or opaque", format.getMessage());
    IllegalArgumentException rotation =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServeOptions.parse(List.of("--signing-key-rotation", "5")));
    assertTrue(rotation.getMessage().contains("from 10 to 31536000"), rotation.getMessage());
  }
}
