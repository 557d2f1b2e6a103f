package dev.proauth2.example;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.proauth2.ClientRegistration;
import dev.proauth2.ClientSecret;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.spi.Proauth2Exception;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clients of {@code serve --clients FILE}, each under the id and secret the file gives them,
 * applied at every start with {@link Proauth2#applyApp}: a client already there is updated, never
 * duplicated, and one no longer in the file is left alone. The members are RFC 7591's names, plus
 * {@code resource_server} (the host's say that a client may introspect every token) and {@code
 * client_secret_sha256} (the secret's hash instead of the secret):
 *
 * <pre>{@code
 * {"clients": [{"client_id": "orders-api", "client_secret": "...", "client_name": "Orders API",
 *   "grant_types": ["client_credentials"], "scope": "read", "resource_server": true}]}
 * }</pre>
 */
final class ClientsFile {

  /** The largest file read: far more than a few hundred clients need. */
  static final long MAX_BYTES = 1024 * 1024;

  /** The members of one client that are read; any other is a mistake, reported by name. */
  private static final Set<String> MEMBERS =
      Set.of(
          "client_id",
          "client_secret",
          "client_secret_sha256",
          "client_name",
          "grant_types",
          "scope",
          "redirect_uris",
          "token_endpoint_auth_method",
          "resource_server",
          "resources",
          "jwks",
          "jwks_uri");

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** One client of the file. */
  record Declared(String clientId, ClientSecret secret, RegistrationRequest request) {}

  private ClientsFile() {}

  /**
   * Reads and checks the whole file before anything is applied.
   *
   * @throws IllegalArgumentException naming the file, the client and the member that is wrong
   * @throws IOException when the file cannot be read
   */
  static List<Declared> read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IllegalArgumentException(
          "--clients " + file + " is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "--clients " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || root.size() != 1 || !root.path("clients").isArray()) {
      throw new IllegalArgumentException(
          "--clients " + file + " must be one object with a clients array: {\"clients\": [...]}");
    }
    List<Declared> clients = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode client : root.get("clients")) {
      String where = "--clients " + file + ", clients[" + index++ + "]";
      Declared declared = client(client, where);
      if (!ids.add(declared.clientId())) {
        throw new IllegalArgumentException(
            where + ": the client_id " + declared.clientId() + " is declared twice");
      }
      clients.add(declared);
    }
    return List.copyOf(clients);
  }

  /**
   * Applies every client, in the file's order.
   *
   * @return the registrations as stored
   * @throws IllegalArgumentException naming the client the engine refused, and why
   */
  static List<ClientRegistration> apply(Proauth2 oauth, List<Declared> clients) {
    List<ClientRegistration> applied = new ArrayList<>();
    for (Declared client : clients) {
      try {
        applied.add(oauth.applyApp(client.clientId(), client.secret(), client.request()));
      } catch (Proauth2Exception e) {
        throw new IllegalArgumentException(
            "--clients: the client " + client.clientId() + " is refused: " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--clients: the client " + client.clientId() + " is refused: " + e.getMessage(), e);
      }
    }
    return applied;
  }

  private static Declared client(JsonNode client, String at) {
    if (!client.isObject()) {
      throw new IllegalArgumentException(at + " must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> members = client.fields(); members.hasNext(); ) {
      String name = members.next().getKey();
      if (!MEMBERS.contains(name)) {
        throw new IllegalArgumentException(
            at + ": unknown member '" + name + "'; known: " + new TreeSet<>(MEMBERS));
      }
    }
    String clientId = text(client, "client_id", at);
    if (clientId == null) {
      throw new IllegalArgumentException(at + ": client_id is missing");
    }
    String where = at + " (" + clientId + ")";
    String secret = text(client, "client_secret", where);
    String hash = text(client, "client_secret_sha256", where);
    if (secret != null && hash != null) {
      throw new IllegalArgumentException(
          where + ": give client_secret or client_secret_sha256, not both");
    }
    ClientSecret clientSecret;
    try {
      clientSecret =
          secret != null
              ? ClientSecret.of(secret)
              : hash != null ? ClientSecret.hashed(hash) : null;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    String name = text(client, "client_name", where);
    RegistrationRequest.Builder request =
        RegistrationRequest.builder(name != null ? name : clientId)
            .scope(text(client, "scope", where))
            .authMethod(text(client, "token_endpoint_auth_method", where))
            .jwksUri(text(client, "jwks_uri", where));
    for (String grant : texts(client, "grant_types", where)) {
      request.grantType(
          GrantType.fromValue(grant)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + ": unknown grant type '" + grant + "' in grant_types")));
    }
    texts(client, "redirect_uris", where).forEach(request::redirectUri);
    texts(client, "resources", where).forEach(request::resource);
    JsonNode resourceServer = client.get("resource_server");
    if (resourceServer != null) {
      if (!resourceServer.isBoolean()) {
        throw new IllegalArgumentException(where + ": resource_server must be true or false");
      }
      request.resourceServer(resourceServer.booleanValue());
    }
    JsonNode jwks = client.get("jwks");
    if (jwks != null) {
      if (!jwks.isObject()) {
        throw new IllegalArgumentException(where + ": jwks must be a JSON Web Key Set object");
      }
      request.jwks(jwks.toString());
    }
    return new Declared(clientId, clientSecret, request.build());
  }

  private static String text(JsonNode client, String member, String where) {
    JsonNode value = client.get(member);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + ": " + member + " must be a string");
    }
    return value.textValue();
  }

  private static List<String> texts(JsonNode client, String member, String where) {
    JsonNode value = client.get(member);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(where + ": " + member + " must be an array of strings");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException(where + ": " + member + " must hold only strings");
      }
      texts.add(element.textValue());
    }
    return texts;
  }
}
