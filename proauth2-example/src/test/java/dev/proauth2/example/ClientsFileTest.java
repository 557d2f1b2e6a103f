package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.Proauth2Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --clients FILE}: clients under their own ids and secrets, from a JSON file. */
class ClientsFileTest {

  private static final String API_SECRET = "api-secret-api-secret-api-secret-0001";
  private static final String WORKER_SECRET = "worker-secret-worker-secret-worker-0001";

  /** The file as the README gives it: RFC 7591 names in a clients array. */
  private static final String FILE =
      """
      {"clients": [
        {"client_id": "orders-api", "client_secret": "%s", "client_name": "Orders API",
         "grant_types": ["client_credentials"], "scope": "read", "resource_server": true},
        {"client_id": "nightly-worker", "client_secret": "%s", "client_name": "Nightly worker",
         "grant_types": ["client_credentials"], "scope": "read write",
         "redirect_uris": []}
      ]}
      """
          .formatted(API_SECRET, WORKER_SECRET);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private Path file(String json) throws IOException {
    Path file = dir.resolve("clients.json");
    Files.writeString(file, json);
    return file;
  }

  private HttpResponse<String> post(
      DemoServer server, String path, String form, String id, String secret) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", "Basic " + basic)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JsonMapper.builder().build().readTree(response.body());
  }

  @Test
  @DisplayName(
      "serve --clients: a declared client gets tokens with its own secret, and the declared"
          + " resource server introspects them with its own")
  void roundTrip() throws Exception {
    ServeOptions options =
        ServeOptions.parse(List.of("--port", "0", "--clients", file(FILE).toString()));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (DemoServer server = DemoServer.start(options, new PrintStream(log, true, "UTF-8"))) {
      HttpResponse<String> token =
          post(
              server,
              "/token",
              "grant_type=client_credentials&scope=write",
              "nightly-worker",
              WORKER_SECRET);
      assertEquals(200, token.statusCode(), token.body());
      String accessToken = json(token).get("access_token").textValue();

      HttpResponse<String> introspection =
          post(server, "/introspect", "token=" + accessToken, "orders-api", API_SECRET);
      assertEquals(200, introspection.statusCode(), introspection.body());
      JsonNode info = json(introspection);
      assertTrue(info.get("active").booleanValue(), introspection.body());
      assertEquals("nightly-worker", info.get("client_id").textValue());
      assertEquals("write", info.get("scope").textValue());
      assertTrue(log.toString(StandardCharsets.UTF_8).contains("applied 2 clients"));
    }
  }

  @Test
  @DisplayName("the same file applied again at the next start registers no client twice")
  void idempotent() throws Exception {
    List<ClientsFile.Declared> clients = ClientsFile.read(file(FILE));
    List<Proauth2Event> events = new CopyOnWriteArrayList<>();
    try (Proauth2 oauth =
        Proauth2.builder()
            .dataStore("memory:")
            .discoverListeners(false)
            .listener(events::add)
            .build()) {
      ClientsFile.apply(oauth, clients);
      ClientsFile.apply(oauth, clients);
      assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
      assertEquals(
          2, events.stream().filter(Proauth2Event.ClientRegistered.class::isInstance).count());
      assertEquals("read write", oauth.findApp("nightly-worker").orElseThrow().scope());
    }
  }

  @Test
  @DisplayName(
      "a misspelt member, a short secret or a client_id given twice is refused before the server"
          + " starts, naming the client and the member, never the secret")
  void mistakes() throws Exception {
    IllegalArgumentException typo =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientsFile.read(file(FILE.replace("\"grant_types\"", "\"grant_type\""))));
    assertTrue(typo.getMessage().contains("'grant_type'"), typo.getMessage());
    assertTrue(typo.getMessage().contains("clients[0]"), typo.getMessage());

    IllegalArgumentException shortSecret =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientsFile.read(file(FILE.replace(API_SECRET, "hunter2"))));
    assertTrue(shortSecret.getMessage().contains("orders-api"), shortSecret.getMessage());
    assertTrue(!shortSecret.getMessage().contains("hunter2"), shortSecret.getMessage());

    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientsFile.read(file(FILE.replace("nightly-worker", "orders-api"))));
    assertTrue(twice.getMessage().contains("declared twice"), twice.getMessage());
  }
}
