package dev.proauth2.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.CodeChallengeMethod;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.OperationTiming;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The listener as a Micrometer binder: one named meter per event, bounded tags, common tags. */
@DisplayName("Micrometer meters")
class MicrometerListenerTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CLIENT = "client-7f3a";
  private static final String USER = "alice@example.com";
  private static final String GRANT = "grant-91c2";
  private static final String SOURCE = "203.0.113.9";

  /** One event of every kind, the meter it must count in, and that meter's tags (key, value...). */
  static Stream<Arguments> events() {
    return Stream.of(
        event(new Proauth2Event.ClientRegistered(T, CLIENT), "proauth2.clients.registered"),
        event(new Proauth2Event.ClientSecretRotated(T, CLIENT), "proauth2.clients.secrets.rotated"),
        event(new Proauth2Event.ClientKeysRotated(T, CLIENT), "proauth2.clients.keys.rotated"),
        event(new Proauth2Event.ClientDeleted(T, CLIENT, 3), "proauth2.clients.deleted"),
        event(
            new Proauth2Event.ClientAuthenticationFailed(
                T, CLIENT, "client_secret_basic", "wrong_secret", SOURCE),
            "proauth2.clients.authentications.failed",
            "auth.method",
            "client_secret_basic",
            "reason",
            "wrong_secret"),
        event(
            new Proauth2Event.ClientMetadataDocumentRefused(
                T, "https://client.example/oauth.json", "its client_id is not its URL"),
            "proauth2.clients.metadata.documents.refused"),
        event(
            new Proauth2Event.ClientLockedOut(T, CLIENT, SOURCE, 60),
            "proauth2.clients.locked.out"),
        event(new Proauth2Event.CodeIssued(T, CLIENT, USER, GRANT), "proauth2.codes.issued"),
        event(
            new Proauth2Event.CodeReplayDetected(T, CLIENT, USER, GRANT),
            "proauth2.codes.replayed"),
        event(
            new Proauth2Event.TokensIssued(T, CLIENT, USER, GRANT, "refresh_token"),
            "proauth2.tokens.issued",
            "grant.type",
            "refresh_token"),
        event(
            new Proauth2Event.TokenRevoked(T, CLIENT, USER, GRANT, "refresh_token", CLIENT),
            "proauth2.tokens.revoked",
            "token.type",
            "refresh_token",
            "revoked.by",
            "client"),
        event(
            new Proauth2Event.RefreshRotated(T, CLIENT, USER, GRANT),
            "proauth2.refresh.tokens.rotated"),
        event(
            new Proauth2Event.RefreshReuseDetected(T, CLIENT, USER, GRANT),
            "proauth2.refresh.tokens.reused"),
        event(new Proauth2Event.UserSignedOut(T, USER, 4), "proauth2.users.signed.out"),
        event(
            new Proauth2Event.StoreUnavailable(T, "token", "connection refused by cache:6379"),
            "proauth2.store.unavailable",
            "operation",
            "token"),
        event(
            new Proauth2Event.OutboundFetchFailed(
                T,
                "https://client.example/jwks",
                OutboundFetchException.TIMEOUT,
                "no answer in 3 s"),
            "proauth2.outbound.fetches.failed",
            "reason",
            "timeout"));
  }

  private static Arguments event(Proauth2Event event, String meter, String... tags) {
    return Arguments.of(event.type(), event, meter, Tags.of(tags));
  }

  /** The listener bound to a fresh registry. */
  private static SimpleMeterRegistry bound(MicrometerListener listener) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    listener.bindTo(registry);
    return registry;
  }

  private static double countedIn(SimpleMeterRegistry registry) {
    return registry.getMeters().stream()
        .filter(Counter.class::isInstance)
        .mapToDouble(meter -> ((Counter) meter).count())
        .sum();
  }

  /** The counters that counted something, by name. */
  private static List<String> moved(SimpleMeterRegistry registry) {
    return registry.getMeters().stream()
        .filter(meter -> meter instanceof Counter counter && counter.count() > 0)
        .map(meter -> meter.getId().getName())
        .toList();
  }

  /**
   * An event of the given kind built from its record components: ids, addresses, URLs and details
   * are marked {@code sample-...}, so a tag that carries one is seen; the fields whose values are a
   * small fixed set get one of those values.
   */
  private static Proauth2Event sample(Class<?> kind) throws ReflectiveOperationException {
    RecordComponent[] components = kind.getRecordComponents();
    assertNotNull(components, kind + " is not a record; give it a sample here");
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = sampleValue(kind, components[i]);
    }
    return (Proauth2Event) kind.getDeclaredConstructor(types).newInstance(values);
  }

  private static Object sampleValue(Class<?> kind, RecordComponent component) {
    Class<?> type = component.getType();
    if (type == Instant.class) {
      return T;
    } else if (type == long.class) {
      return 1L;
    } else if (type != String.class) {
      throw new AssertionError("no sample for " + kind.getSimpleName() + "." + component.getName());
    }
    return switch (component.getName()) {
      case "method" -> "client_secret_basic";
      case "reason" ->
          kind == Proauth2Event.OutboundFetchFailed.class
              ? OutboundFetchException.TOO_LARGE
              : "wrong_secret";
      case "grantType" -> "authorization_code";
      case "tokenType" -> "access_token";
      case "operation" -> "introspect";
      default -> "sample-" + component.getName();
    };
  }

  @Nested
  @DisplayName("events")
  class Events {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.proauth2.micrometer.MicrometerListenerTest#events")
    @DisplayName("each event counts once in its own meter, with exactly its tags")
    void eachEvent(String type, Proauth2Event event, String meter, Tags tags) {
      MicrometerListener listener = new MicrometerListener();
      SimpleMeterRegistry registry = bound(listener);

      listener.onEvent(event);

      Counter counter = registry.get(meter).counter();
      assertEquals(1, counter.count(), meter);
      assertEquals(tags.stream().toList(), counter.getId().getTags());
      assertEquals(1, countedIn(registry), "only " + meter + " counted: " + moved(registry));
    }

    @Test
    @DisplayName(
        "every kind of Proauth2Event has a meter of its own, and the sample table above has them"
            + " all")
    void everyKind() throws ReflectiveOperationException {
      Set<Class<?>> kinds = Set.of(Proauth2Event.class.getPermittedSubclasses());
      Set<Class<?>> sampled =
          events().map(arguments -> arguments.get()[1].getClass()).collect(Collectors.toSet());
      assertEquals(kinds, sampled, "events() must hold one sample of every kind of event");

      Set<String> names = new HashSet<>();
      for (Class<?> kind : kinds) {
        MicrometerListener listener = new MicrometerListener();
        SimpleMeterRegistry registry = bound(listener);
        listener.onEvent(sample(kind));
        List<String> moved = moved(registry);
        assertEquals(1, moved.size(), kind.getSimpleName() + " counted in " + moved);
        assertTrue(names.add(moved.get(0)), kind.getSimpleName() + " shares " + moved.get(0));
      }
    }

    @Test
    @DisplayName("no tag ever carries a client id, user id, grant id, address, URL or detail")
    void boundedTags() throws ReflectiveOperationException {
      MicrometerListener listener = new MicrometerListener();
      SimpleMeterRegistry registry = bound(listener);
      for (Class<?> kind : Proauth2Event.class.getPermittedSubclasses()) {
        listener.onEvent(sample(kind));
      }
      for (Meter meter : registry.getMeters()) {
        for (Tag tag : meter.getId().getTags()) {
          assertFalse(tag.getValue().startsWith("sample-"), meter.getId().toString());
        }
      }
    }

    @Test
    @DisplayName("a token the host revoked is tagged revoked.by=host, one a client revoked =client")
    void revokedBy() {
      MicrometerListener listener = new MicrometerListener();
      SimpleMeterRegistry registry = bound(listener);
      listener.onEvent(new Proauth2Event.TokenRevoked(T, CLIENT, null, null, "access_token", null));
      listener.onEvent(
          new Proauth2Event.TokenRevoked(T, CLIENT, null, null, "access_token", CLIENT));
      listener.onEvent(
          new Proauth2Event.TokenRevoked(T, CLIENT, null, null, "access_token", CLIENT));
      Tags access = Tags.of("token.type", "access_token");
      assertEquals(
          1,
          registry
              .get("proauth2.tokens.revoked")
              .tags(access.and("revoked.by", "host"))
              .counter()
              .count());
      assertEquals(
          2,
          registry
              .get("proauth2.tokens.revoked")
              .tags(access.and("revoked.by", "client"))
              .counter()
              .count());
    }
  }

  @Nested
  @DisplayName("operations")
  class Operations {

    private final MicrometerListener listener = new MicrometerListener();
    private final SimpleMeterRegistry registry = bound(listener);

    private Timer timer(String operation, String grantType, String outcome) {
      return registry
          .get("proauth2.operations")
          .tags("operation", operation, "grant.type", grantType, "outcome", outcome)
          .timer();
    }

    @Test
    @DisplayName("the listener asks the engine for operation timings")
    void asks() {
      assertTrue(listener.timesOperations());
    }

    @Test
    @DisplayName("each operation is timed in proauth2.operations, by operation, grant and outcome")
    void timed() {
      listener.onOperation(new OperationTiming("token", "authorization_code", "success", 3_000));
      listener.onOperation(new OperationTiming("token", "authorization_code", "success", 5_000));
      listener.onOperation(
          new OperationTiming("token", "authorization_code", "invalid_grant", 7_000));

      Timer success = timer("token", "authorization_code", "success");
      assertEquals(2, success.count());
      assertEquals(8_000, success.totalTime(TimeUnit.NANOSECONDS));
      assertEquals(1, timer("token", "authorization_code", "invalid_grant").count());
    }

    @Test
    @DisplayName("an operation without a grant type is tagged grant.type=none")
    void noGrant() {
      listener.onOperation(new OperationTiming("introspect", null, "success", 1_000));
      assertEquals(1, timer("introspect", "none", "success").count());
    }

    @Test
    @DisplayName("a timer's tags are operation, grant.type and outcome, and no other")
    void tagKeys() {
      listener.onOperation(new OperationTiming("authenticate_token", null, "invalid_token", 10));
      for (Meter meter : registry.find("proauth2.operations").meters()) {
        assertEquals(
            List.of("grant.type", "operation", "outcome"),
            meter.getId().getTags().stream().map(Tag::getKey).toList());
      }
    }
  }

  @Nested
  @DisplayName("binding")
  class Binding {

    private final SimpleMeterRegistry global = new SimpleMeterRegistry();

    @AfterEach
    void detach() {
      Metrics.removeRegistry(global);
    }

    private double globalCount(String name) {
      Counter counter = global.find(name).counter();
      return counter == null ? 0 : counter.count();
    }

    @Test
    @DisplayName("the common tags given at construction are on every meter, events and timers")
    void commonTags() throws ReflectiveOperationException {
      MicrometerListener listener =
          new MicrometerListener(Tags.of("application", "billing", "region", "eu"));
      SimpleMeterRegistry registry = bound(listener);
      for (Class<?> kind : Proauth2Event.class.getPermittedSubclasses()) {
        listener.onEvent(sample(kind));
      }
      listener.onOperation(new OperationTiming("token", "client_credentials", "success", 10));

      assertEquals(Instrument.values().length, registry.getMeters().size());
      for (Meter meter : registry.getMeters()) {
        List<Tag> tags = meter.getId().getTags();
        assertTrue(tags.contains(Tag.of("application", "billing")), meter.getId().toString());
        assertTrue(tags.contains(Tag.of("region", "eu")), meter.getId().toString());
      }
    }

    @Test
    @DisplayName("a meter's own tag wins over a common tag of the same key")
    void ownTagWins() {
      MicrometerListener listener = new MicrometerListener(Tags.of("reason", "common"));
      SimpleMeterRegistry registry = bound(listener);
      listener.onEvent(
          new Proauth2Event.OutboundFetchFailed(T, "https://c.example/", "status", "HTTP 500"));
      assertEquals(
          1,
          registry
              .get("proauth2.outbound.fetches.failed")
              .tag("reason", "status")
              .counter()
              .count());
    }

    @Test
    @DisplayName("bound, the counters without tags are registered at once and read zero")
    void zeroes() {
      SimpleMeterRegistry registry = bound(new MicrometerListener());
      List<String> untagged =
          events()
              .filter(arguments -> ((Tags) arguments.get()[3]).stream().findAny().isEmpty())
              .map(arguments -> (String) arguments.get()[2])
              .toList();
      assertEquals(11, untagged.size(), untagged.toString());
      for (String name : untagged) {
        assertEquals(0, registry.get(name).counter().count(), name);
      }
      assertEquals(untagged.size(), registry.getMeters().size(), "the tagged ones on first use");
    }

    @Test
    @DisplayName("never bound, it records on the global registry")
    void unbound() {
      Metrics.addRegistry(global);
      MicrometerListener listener = new MicrometerListener();
      listener.onEvent(new Proauth2Event.UserSignedOut(T, USER, 1));
      listener.onOperation(new OperationTiming("revoke_all", null, "success", 10));

      assertEquals(1, globalCount("proauth2.users.signed.out"));
      assertEquals(
          1,
          global
              .get("proauth2.operations")
              .tags("operation", "revoke_all", "grant.type", "none", "outcome", "success")
              .timer()
              .count());
    }

    @Test
    @DisplayName("bound, it records on its registry and no longer on the global one")
    void boundNotGlobal() {
      Metrics.addRegistry(global);
      MicrometerListener listener = new MicrometerListener();
      listener.onEvent(new Proauth2Event.UserSignedOut(T, USER, 1));
      SimpleMeterRegistry registry = bound(listener);
      listener.onEvent(new Proauth2Event.UserSignedOut(T, USER, 1));
      listener.onEvent(new Proauth2Event.UserSignedOut(T, USER, 1));

      assertEquals(1, globalCount("proauth2.users.signed.out"));
      assertEquals(2, registry.get("proauth2.users.signed.out").counter().count());
    }

    @Test
    @DisplayName("bound to two registries it records on both; bound twice to one, once")
    void twoRegistries() {
      MicrometerListener listener = new MicrometerListener();
      SimpleMeterRegistry first = bound(listener);
      SimpleMeterRegistry second = bound(listener);
      listener.bindTo(first);
      listener.onEvent(new Proauth2Event.CodeIssued(T, CLIENT, USER, GRANT));

      assertEquals(1, first.get("proauth2.codes.issued").counter().count());
      assertEquals(1, second.get("proauth2.codes.issued").counter().count());
    }

    @Test
    @DisplayName("null common tags or a null registry are refused")
    void nulls() {
      assertThrows(NullPointerException.class, () -> new MicrometerListener(null));
      assertThrows(NullPointerException.class, () -> new MicrometerListener().bindTo(null));
    }
  }

  @Nested
  @DisplayName("on an engine")
  class OnAnEngine {

    private static final String REDIRECT = "https://app.example/cb";
    private static final String VERIFIER = "v".repeat(43);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Proauth2 oauth = engine(registry);

    private Proauth2 engine(SimpleMeterRegistry registry) {
      MicrometerListener metrics = new MicrometerListener(Tags.of("application", "test"));
      metrics.bindTo(registry);
      return Proauth2.builder()
          .dataStore("memory:")
          .discoverListeners(false)
          .listener(metrics)
          .build();
    }

    @AfterEach
    void close() {
      oauth.close();
    }

    private double count(String name, String... tags) {
      return registry.get(name).tags(tags).counter().count();
    }

    private TokenResponse codeFlow(ClientRegistration app) {
      String code =
          oauth
              .requestAuthorization(
                  AuthorizationRequest.builder()
                      .clientId(app.clientId())
                      .userId("alice")
                      .redirectUri(REDIRECT)
                      .codeChallenge(SecretHashes.sha256(VERIFIER))
                      .codeChallengeMethod(CodeChallengeMethod.S256)
                      .build())
              .code();
      return oauth.requestAccessToken(
          TokenRequest.authorizationCode(
              app.clientId(), app.clientSecret(), code, REDIRECT, VERIFIER));
    }

    @Test
    @DisplayName(
        "counters count what was done: two flows, a refresh, a reuse, a revocation, failures")
    void counters() {
      ClientRegistration app =
          oauth.registerApp(
              RegistrationRequest.builder("app")
                  .redirectUri(REDIRECT)
                  .grantType(GrantType.AUTHORIZATION_CODE)
                  .grantType(GrantType.REFRESH_TOKEN)
                  .grantType(GrantType.CLIENT_CREDENTIALS)
                  .build());
      TokenResponse first = codeFlow(app);
      codeFlow(app);
      oauth.requestAccessToken(
          TokenRequest.refreshToken(
              app.clientId(), app.clientSecret(), first.refreshToken(), null));
      assertThrows(
          Proauth2Exception.class,
          () ->
              oauth.requestAccessToken(
                  TokenRequest.refreshToken(
                      app.clientId(), app.clientSecret(), first.refreshToken(), null)));
      TokenResponse service =
          oauth.requestAccessToken(
              TokenRequest.clientCredentials(app.clientId(), app.clientSecret(), null));
      oauth.revokeToken(service.accessToken());
      for (int i = 0; i < 3; i++) {
        assertThrows(
            Proauth2Exception.class,
            () ->
                oauth.requestAccessToken(
                    TokenRequest.clientCredentials(app.clientId(), "wrong", null)));
      }
      assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));

      assertEquals(1, count("proauth2.clients.registered", "application", "test"));
      assertEquals(2, count("proauth2.codes.issued"));
      assertEquals(2, count("proauth2.tokens.issued", "grant.type", "authorization_code"));
      assertEquals(1, count("proauth2.tokens.issued", "grant.type", "refresh_token"));
      assertEquals(1, count("proauth2.tokens.issued", "grant.type", "client_credentials"));
      assertEquals(1, count("proauth2.refresh.tokens.rotated"));
      assertEquals(1, count("proauth2.refresh.tokens.reused"));
      assertEquals(
          1, count("proauth2.tokens.revoked", "token.type", "access_token", "revoked.by", "host"));
      assertEquals(
          3,
          count(
              "proauth2.clients.authentications.failed",
              "auth.method",
              "direct",
              "reason",
              "wrong_secret"));
    }

    @Test
    @DisplayName("every operation is timed, by operation, grant and outcome")
    void timers() {
      ClientRegistration app =
          oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
      TokenResponse tokens = codeFlow(app);
      oauth.authenticateToken(tokens.accessToken());
      assertThrows(Proauth2Exception.class, () -> oauth.authenticateToken("x".repeat(43)));
      oauth.introspect(tokens.accessToken());
      assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));

      assertEquals(
          1,
          registry
              .get("proauth2.operations")
              .tags("operation", "token", "grant.type", "authorization_code", "outcome", "success")
              .timer()
              .count());
      assertEquals(
          1,
          registry
              .get("proauth2.operations")
              .tags("operation", "authenticate_token", "outcome", "invalid_token")
              .timer()
              .count());
      assertTrue(
          registry
                  .get("proauth2.operations")
                  .tags("operation", "authenticate_token", "outcome", "success")
                  .timer()
                  .totalTime(TimeUnit.NANOSECONDS)
              > 0);
    }

    @Test
    @DisplayName(
        "dropped on the class path, the listener is found by ServiceLoader and records on the"
            + " global registry")
    void discovered() {
      SimpleMeterRegistry global = new SimpleMeterRegistry();
      Metrics.addRegistry(global);
      try (Proauth2 discovering = Proauth2.builder().dataStore("memory:").build()) {
        discovering.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
        assertTrue(discovering.flushEvents(Duration.ofSeconds(10)));
        assertEquals(1, global.get("proauth2.clients.registered").counter().count());
      } finally {
        Metrics.removeRegistry(global);
      }
    }

    @Test
    @DisplayName("no meter is tagged with a client or user id")
    void boundedTags() {
      ClientRegistration app =
          oauth.registerApp(RegistrationRequest.builder("app").redirectUri(REDIRECT).build());
      codeFlow(app);
      oauth.revokeAll("alice");
      assertTrue(oauth.flushEvents(Duration.ofSeconds(10)));
      for (Meter meter : registry.getMeters()) {
        for (Tag tag : meter.getId().getTags()) {
          assertTrue(
              !tag.getValue().equals(app.clientId()) && !tag.getValue().equals("alice"),
              meter.getId().toString());
        }
      }
    }
  }

  @Nested
  @DisplayName("documentation")
  class Documentation {

    private static final Pattern ROW = Pattern.compile("^\\| `(proauth2\\.[a-z.]+)` \\|");

    private Set<String> instruments() {
      return Arrays.stream(Instrument.values())
          .map(instrument -> instrument.meterName)
          .collect(Collectors.toSet());
    }

    @Test
    @DisplayName("the README's meter table names every meter the listener records, and no other")
    void readme() throws IOException {
      List<String> rows = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("README.md"))) {
        Matcher row = ROW.matcher(line);
        if (row.find()) {
          rows.add(row.group(1));
        }
      }
      assertEquals(instruments(), new HashSet<>(rows));
      assertEquals(rows.size(), new HashSet<>(rows).size(), "a meter listed twice: " + rows);
    }

    @Test
    @DisplayName("the class javadoc names every meter")
    void javadoc() throws IOException {
      String source =
          Files.readString(
              Path.of("src/main/java/dev/proauth2/micrometer/MicrometerListener.java"));
      for (String name : instruments()) {
        assertTrue(source.contains("{@code " + name + "}"), name);
      }
    }

    @Test
    @DisplayName("every meter name and tag key is lowercase and dot-separated, as Micrometer asks")
    void conventions() {
      Pattern dotted = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");
      for (Instrument instrument : Instrument.values()) {
        assertTrue(dotted.matcher(instrument.meterName).matches(), instrument.meterName);
        assertTrue(instrument.meterName.startsWith("proauth2."), instrument.meterName);
        assertFalse(instrument.meterName.startsWith("proauth2.client."), instrument.meterName);
        for (String key : instrument.tagKeys) {
          assertTrue(dotted.matcher(key).matches(), instrument.meterName + " " + key);
        }
      }
    }
  }
}
