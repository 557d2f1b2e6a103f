package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import dev.proauth2.spi.Proauth2Exception;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches clients' key sets from their {@code jwks_uri} with a bounded HTTP client and caches each.
 *
 * <p>Bounds: one time limit for connecting and reading together, a body size limit past which
 * reading stops, and no redirects followed at all (a 3xx is a failure), so a fetch never leaves the
 * registered URL. A set is reused for {@link PrivateKeyJwtSettings#jwksCacheTtl()}; an unknown key
 * or a failed fetch makes it fetch again at most once per {@link
 * PrivateKeyJwtSettings#refetchInterval()}, so a client cannot make this server hammer a URL.
 */
final class JwksFetcher {

  /** How many URLs are cached before the cache is emptied and starts over. */
  static final int MAX_CACHED = 10_000;

  private final PrivateKeyJwtSettings settings;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private volatile HttpClient client;

  JwksFetcher(PrivateKeyJwtSettings settings) {
    this.settings = settings;
  }

  /**
   * The key set at the URL: the cached one while it is fresh, else fetched.
   *
   * @throws Proauth2Exception {@code invalid_client} naming what went wrong with the fetch
   */
  JWKSet keys(String uri, Instant now) {
    return slot(uri).keys(now);
  }

  /**
   * Fetches the set again because an assertion named a key the cached one lacks, unless it was
   * fetched within the refetch interval.
   *
   * @return the new set, or empty when it is too soon to fetch again
   */
  Optional<JWKSet> refetch(String uri, Instant now) {
    return slot(uri).refetch(now);
  }

  private Slot slot(String uri) {
    if (slots.size() >= MAX_CACHED && !slots.containsKey(uri)) {
      slots.clear();
    }
    return slots.computeIfAbsent(uri, Slot::new);
  }

  /** One URL's cached set, and its last attempt, fetched by one thread at a time. */
  private final class Slot {
    private final String uri;
    private JWKSet keys;
    private Instant fetchedAt;
    private Instant attemptedAt;
    private String failure;

    Slot(String uri) {
      this.uri = uri;
    }

    synchronized JWKSet keys(Instant now) {
      if (keys != null && now.isBefore(fetchedAt.plus(settings.jwksCacheTtl()))) {
        return keys;
      }
      if (failure != null && tooSoon(now)) {
        throw invalid(failure);
      }
      return fetchNow(now);
    }

    synchronized Optional<JWKSet> refetch(Instant now) {
      return tooSoon(now) ? Optional.empty() : Optional.of(fetchNow(now));
    }

    private boolean tooSoon(Instant now) {
      return attemptedAt != null && now.isBefore(attemptedAt.plus(settings.refetchInterval()));
    }

    private JWKSet fetchNow(Instant now) {
      attemptedAt = now;
      try {
        keys = fetch(uri);
        fetchedAt = now;
        failure = null;
        return keys;
      } catch (Proauth2Exception e) {
        failure = e.description();
        throw e;
      }
    }
  }

  /** One bounded GET of the URL, parsed as a key set of public keys. */
  private JWKSet fetch(String uri) {
    Duration timeout = settings.fetchTimeout();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(timeout)
            .header("Accept", "application/jwk-set+json, application/json")
            .GET()
            .build();
    AtomicReference<LimitedBody> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client()
            .sendAsync(
                request,
                info -> {
                  LimitedBody limited =
                      new LimitedBody(
                          settings.maxJwksBytes(),
                          info.headers().firstValueAsLong("Content-Length").orElse(-1));
                  body.set(limited);
                  return limited;
                });
    HttpResponse<byte[]> response;
    try {
      response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stop(pending, body.get());
      throw invalid("the client's jwks_uri did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      stop(pending, body.get());
      Thread.currentThread().interrupt();
      throw invalid("fetching the client's jwks_uri was interrupted");
    } catch (ExecutionException e) {
      throw invalid(failureOf(e.getCause(), timeout));
    }
    int status = response.statusCode();
    if (status >= 300 && status < 400) {
      throw invalid(
          "the client's jwks_uri answered with a redirect (HTTP "
              + status
              + "); redirects are not followed, so publish the key set at the registered URL");
    }
    if (status != 200) {
      throw invalid("the client's jwks_uri answered HTTP " + status + " instead of 200");
    }
    return publicKeys(new String(response.body(), StandardCharsets.UTF_8));
  }

  private static String failureOf(Throwable cause, Duration timeout) {
    if (cause instanceof LimitedBody.TooLarge) {
      return "the client's jwks_uri returned more than the limit of bytes for a key set";
    }
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return "the client's jwks_uri did not answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof IOException) {
      return "the client's jwks_uri could not be fetched (connection failed or closed)";
    }
    return "the client's jwks_uri could not be fetched";
  }

  private static void stop(CompletableFuture<?> pending, LimitedBody body) {
    if (body != null) {
      body.cancel();
    }
    pending.cancel(true);
  }

  /** The fetched set; one that publishes a private or symmetric key is refused whole. */
  private static JWKSet publicKeys(String json) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException e) {
      throw invalid("the client's jwks_uri did not return a JSON Web Key Set (RFC 7517 section 5)");
    }
    for (JWK key : set.getKeys()) {
      if (key.isPrivate() || KeyType.OCT.equals(key.getKeyType())) {
        throw invalid(
            "the client's jwks_uri publishes a private or symmetric key; it must publish public"
                + " keys only");
      }
    }
    return new JWKSet(set.getKeys());
  }

  private HttpClient client() {
    HttpClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current =
              HttpClient.newBuilder()
                  .connectTimeout(settings.fetchTimeout())
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
          client = current;
        }
      }
    }
    return current;
  }

  private static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, description);
  }
}
