package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo on datastore-jdbc with the H2 driver it ships, from the class path the shaded jar is
 * made of ({@link DemoJarTest} runs the jar itself, on H2 and on a real PostgreSQL).
 */
class DemoJdbcTest {

  @Test
  @DisplayName("demo --store jdbc:h2:mem:... walks through every step and ends with Done")
  void demoOnH2() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of(
                "demo",
                "--store",
                "jdbc:h2:mem:demo_" + UUID.randomUUID().toString().replace("-", "")),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("Done"), out.toString());
  }

  @Test
  @DisplayName("serve on jdbc:h2:mem: starts, answers its metadata and registers a client")
  void serveOnH2() throws Exception {
    ServeOptions options =
        new ServeOptions(
            0, "jdbc:h2:mem:serve_" + UUID.randomUUID().toString().replace("-", ""), null, false);
    try (DemoServer server =
        DemoServer.start(
            options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> metadata =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metadata.statusCode());
      assertTrue(metadata.body().contains("\"token_endpoint\""), metadata.body());
      HttpResponse<String> registered =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/register"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"client_name\":\"h2 app\",\"redirect_uris\":[\"https://app.example/cb\"]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, registered.statusCode(), registered.body());
      assertTrue(registered.body().contains("\"client_id\""), registered.body());
    }
  }
}
