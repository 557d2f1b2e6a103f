package dev.proauth2;

import dev.proauth2.internal.JsonReader;
import dev.proauth2.spi.FetchedResource;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.OutboundFetcher;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * Clients whose id is the URL of their Client ID Metadata Document: fetched through the outbound
 * policy, checked, turned into the application record a registered client would have, and kept per
 * the response's cache headers within the host's bounds. Concurrent lookups of one URL share one
 * fetch; a failed fetch or a refused document is never kept, so the next request tries again.
 */
final class ClientDocuments {

  private static final System.Logger LOG = System.getLogger(ClientDocuments.class.getName());

  /** What every client learns when a document cannot be used: never what the URL answered. */
  static final String UNUSABLE =
      "the client_id is a Client ID Metadata Document URL that this server could not fetch or"
          + " accept; check that it serves a valid document over https (the server's log has the"
          + " detail)";

  private static final String ACCEPT = "application/json";

  private final ClientIdMetadataDocuments settings;
  private final OutboundFetcher fetcher;
  private final Policy policy;
  private final Events events;
  private final UnaryOperator<Record> checkByMethod;
  private final Map<String, Kept> cache;
  private final Map<String, CompletableFuture<Kept>> pending = new ConcurrentHashMap<>();

  ClientDocuments(
      ClientIdMetadataDocuments settings,
      OutboundFetcher fetcher,
      Policy policy,
      Events events,
      UnaryOperator<Record> checkByMethod) {
    this.settings = settings;
    this.checkByMethod = checkByMethod;
    this.fetcher = fetcher;
    this.policy = policy;
    this.events = events;
    int max = settings.maxCached();
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > max;
          }
        };
  }

  /** Whether a client id is a document URL: https with a path, as the draft has it. */
  static boolean isDocumentUrl(String clientId) {
    return clientId.regionMatches(true, 0, "https://", 0, 8) && clientId.indexOf('/', 8) > 8;
  }

  /** One kept document: the client's record, until when it may be used. */
  private record Kept(Record application, long expiresAt) {}

  /**
   * The application record of the client this document URL names.
   *
   * @throws Proauth2Exception {@code invalid_client} ({@link #UNUSABLE}) when the document cannot
   *     be fetched or is refused
   */
  Record application(String url) {
    long now = policy.now();
    Kept kept;
    synchronized (cache) {
      kept = cache.get(url);
    }
    if (kept != null && now < kept.expiresAt()) {
      return kept.application();
    }
    CompletableFuture<Kept> mine = new CompletableFuture<>();
    CompletableFuture<Kept> shared = pending.putIfAbsent(url, mine);
    if (shared != null) {
      return await(shared).application();
    }
    try {
      Kept fresh = load(url, now);
      synchronized (cache) {
        cache.put(url, fresh);
      }
      mine.complete(fresh);
      return fresh.application();
    } catch (RuntimeException e) {
      synchronized (cache) {
        cache.remove(url);
      }
      mine.completeExceptionally(e);
      throw e;
    } finally {
      pending.remove(url, mine);
    }
  }

  private static Kept await(CompletableFuture<Kept> shared) {
    try {
      return shared.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unusable();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw unusable();
    }
  }

  private Kept load(String url, long now) {
    URI uri = checkUrl(url);
    FetchedResource fetched;
    try {
      fetched = fetcher.get(uri, ACCEPT, ClientIdMetadataDocuments.MAX_DOCUMENT_BYTES);
    } catch (OutboundFetchException e) {
      throw unusable(); // logged and told to listeners by the fetcher
    }
    ClientIdMetadataDocument document = read(url, fetched);
    if (!settings.allowDocument().test(document)) {
      throw refused(url, "the host's document policy refused it");
    }
    Record application;
    try {
      application = checkByMethod.apply(record(document, now));
    } catch (Proauth2Exception e) {
      throw refused(url, e.description());
    }
    long ttl = cacheTtl(fetched, now).toMillis();
    return new Kept(application, now + ttl);
  }

  private URI checkUrl(String url) {
    if (url.length() > ClientIdMetadataDocuments.MAX_URL_LENGTH) {
      throw refused(url, "the URL is longer than " + ClientIdMetadataDocuments.MAX_URL_LENGTH);
    }
    URI uri;
    try {
      uri = fetcher.check(url);
    } catch (OutboundFetchException e) {
      throw refused(url, e.getMessage());
    }
    String path = uri.getRawPath();
    if (!uri.getScheme().equals("https")
        || path == null
        || path.length() < 2
        || uri.getRawFragment() != null
        || path.contains("/./")
        || path.contains("/../")
        || path.endsWith("/.")
        || path.endsWith("/..")) {
      throw refused(
          url, "a document URL is https with a path and no dot segments, user info or fragment");
    }
    if (!settings.allowUrl().test(uri)) {
      throw refused(url, "the host's URL policy refused it");
    }
    return uri;
  }

  private ClientIdMetadataDocument read(String url, FetchedResource fetched) {
    String type = fetched.mediaType().orElse("");
    if (!type.equals("application/json") && !type.endsWith("+json")) {
      throw refused(url, "the document's content type is '" + type + "', not application/json");
    }
    Map<String, Object> json;
    try {
      json = JsonReader.readObject(utf8(fetched.body()));
    } catch (Proauth2Exception | CharacterCodingException e) {
      throw refused(url, "the document is not a JSON object in UTF-8");
    }
    if (!url.equals(json.get("client_id"))) {
      throw refused(url, "the document's client_id is not exactly its URL");
    }
    if (json.containsKey("client_secret") || json.containsKey("client_secret_expires_at")) {
      throw refused(url, "the document holds a client_secret, which a public document must not");
    }
    String name = text(json, "client_name", url, true);
    try {
      name = Inputs.text(name, "client_name", Table.MAX_ID, Proauth2Exception.INVALID_CLIENT);
    } catch (Proauth2Exception e) {
      throw refused(url, "client_name: " + e.description());
    }
    String method = text(json, "token_endpoint_auth_method", url, false);
    if (method == null) {
      method = NoneAuthMethod.NAME;
    }
    String jwksUri = text(json, "jwks_uri", url, false);
    if (method.equals("private_key_jwt")) {
      if (jwksUri == null) {
        throw refused(url, "private_key_jwt needs a jwks_uri in the document");
      }
    } else if (!method.equals(NoneAuthMethod.NAME)) {
      throw refused(
          url, "token_endpoint_auth_method must be none or private_key_jwt, never a shared secret");
    }
    if (json.containsKey("jwks")) {
      throw refused(url, "the document must publish keys at a jwks_uri, not inline jwks");
    }
    List<String> redirects = strings(json.get("redirect_uris"), url, "redirect_uris");
    if (redirects.isEmpty() || redirects.size() > RedirectUris.MAX_PER_CLIENT) {
      throw refused(url, "redirect_uris must list 1 to " + RedirectUris.MAX_PER_CLIENT + " URIs");
    }
    for (String redirect : redirects) {
      try {
        RedirectUris.checkRegistrable(redirect);
      } catch (Proauth2Exception e) {
        throw refused(url, e.description());
      }
    }
    Object grants = json.get("grant_types");
    if (grants != null) {
      for (String grant : strings(grants, url, "grant_types")) {
        if (!grant.equals("authorization_code") && !grant.equals("refresh_token")) {
          throw refused(url, "grant_types may hold authorization_code and refresh_token only");
        }
      }
    }
    String scope = text(json, "scope", url, false);
    String kind = text(json, "application_type", url, false);
    ApplicationType applicationType =
        kind == null
            ? ApplicationType.WEB
            : ApplicationType.fromValue(kind)
                .orElseThrow(() -> refused(url, "application_type must be web or native"));
    return new ClientIdMetadataDocument(
        url,
        name,
        redirects,
        method,
        jwksUri,
        scope,
        text(json, "client_uri", url, false),
        applicationType);
  }

  private static String utf8(byte[] body) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(body))
        .toString();
  }

  private String text(Map<String, Object> json, String member, String url, boolean required) {
    Object value = json.get(member);
    if (value == null) {
      if (required) {
        throw refused(url, "the document has no " + member);
      }
      return null;
    }
    if (!(value instanceof String text) || text.isEmpty() || text.length() > Table.MAX_URI) {
      throw refused(url, member + " must be a non-empty string");
    }
    return text;
  }

  private List<String> strings(Object value, String url, String member) {
    if (!(value instanceof List<?> list)) {
      throw refused(url, member + " must be an array of strings");
    }
    List<String> strings = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String text)) {
        throw refused(url, member + " must be an array of strings");
      }
      strings.add(text);
    }
    return strings;
  }

  /** The record a registered public client with these fields would have. */
  private Record record(ClientIdMetadataDocument document, long now) {
    String allowed = settings.scopes();
    String scope = allowed;
    if (document.scope() != null && allowed != null) {
      List<String> both = new ArrayList<>();
      for (String value : Scopes.parse(document.scope(), Proauth2Exception.INVALID_CLIENT)) {
        if (Scopes.contains(allowed, value)) {
          both.add(value);
        }
      }
      scope = both.isEmpty() ? null : String.join(" ", both);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.CLIENT_ID, document.clientId());
    fields.put(Table.NAME, document.clientName());
    fields.put(Table.REDIRECT_URIS, String.join(" ", document.redirectUris()));
    if (scope != null) {
      fields.put(Table.SCOPE, scope);
    }
    fields.put(Table.GRANT_TYPES, "authorization_code refresh_token");
    fields.put(Table.AUTH_METHOD, document.tokenEndpointAuthMethod());
    fields.put(Table.APPLICATION_TYPE, document.applicationType().value());
    fields.put(Table.CREATED_AT, now);
    if (document.jwksUri() != null) {
      fields.put(Table.JWKS_URI, document.jwksUri());
    }
    return Record.of(fields);
  }

  /** How long a document is kept: its cache headers, within the host's bounds. */
  private Duration cacheTtl(FetchedResource fetched, long now) {
    Duration said = maxAge(fetched).or(() -> expires(fetched, now)).orElse(Duration.ZERO);
    if (said.compareTo(settings.minCacheTtl()) < 0) {
      return settings.minCacheTtl();
    }
    return said.compareTo(settings.maxCacheTtl()) > 0 ? settings.maxCacheTtl() : said;
  }

  private static Optional<Duration> maxAge(FetchedResource fetched) {
    Optional<String> control = fetched.header("cache-control");
    if (control.isEmpty()) {
      return Optional.empty();
    }
    for (String directive : control.get().toLowerCase(Locale.ROOT).split(",")) {
      String d = directive.trim();
      if (d.equals("no-store") || d.equals("no-cache")) {
        return Optional.of(Duration.ZERO);
      }
      if (d.startsWith("max-age=")) {
        try {
          return Optional.of(Duration.ofSeconds(Long.parseLong(d.substring(8).replace("\"", ""))));
        } catch (NumberFormatException | ArithmeticException e) {
          return Optional.of(Duration.ZERO);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Duration> expires(FetchedResource fetched, long now) {
    Optional<String> expires = fetched.header("expires");
    if (expires.isEmpty()) {
      return Optional.empty();
    }
    try {
      long at =
          ZonedDateTime.parse(expires.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      return Optional.of(Duration.ofMillis(Math.max(0, at - now)));
    } catch (DateTimeParseException e) {
      return Optional.of(Duration.ZERO);
    }
  }

  /** Logs and tells why a document was refused, and makes the one error every client gets. */
  private Proauth2Exception refused(String url, String detail) {
    LOG.log(Level.WARNING, "client id metadata document {0} refused: {1}", url, detail);
    if (events.enabled()) {
      events.emit(new Proauth2Event.ClientMetadataDocumentRefused(policy.instant(), url, detail));
    }
    return unusable();
  }

  private static Proauth2Exception unusable() {
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, UNUSABLE);
  }
}
