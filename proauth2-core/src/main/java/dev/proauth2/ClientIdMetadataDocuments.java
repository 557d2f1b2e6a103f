package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How an engine accepts clients that identify themselves by the https URL of a Client ID Metadata
 * Document, as MCP clients do (draft-ietf-oauth-client-id-metadata-document; MCP authorization
 * 2025-11-25). Off unless given to {@link Proauth2.Builder#clientIdMetadataDocuments}:
 *
 * <pre>{@code
 * Proauth2.builder().dataStore("redis://cache:6379/0").issuer("https://auth.example")
 *     .clientIdMetadataDocuments(ClientIdMetadataDocuments.builder()
 *         .scopes("read write")                                   // what such clients may ask for
 *         .allowUrl(url -> url.getHost().endsWith(".trusted.example"))   // optional allow-list
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>A document is fetched through the engine's one outbound policy (no special-use addresses, no
 * redirects, at most {@link #MAX_DOCUMENT_BYTES}, one deadline), kept for what its cache headers
 * say within {@link Builder#cacheTtl}'s bounds, and never kept when the fetch failed or the
 * document was refused. Such a client is a public client ({@code none}, PKCE required) or a {@code
 * private_key_jwt} client with a {@code jwks_uri}; it may use {@code authorization_code} and {@code
 * refresh_token}, with the scopes set here.
 */
public final class ClientIdMetadataDocuments {

  /** The largest document read: 5 KB, as the draft advises. */
  public static final int MAX_DOCUMENT_BYTES = 5 * 1024;

  /** The longest document URL: a client id's limit. */
  public static final int MAX_URL_LENGTH = 255;

  private final String scopes;
  private final Duration minCacheTtl;
  private final Duration maxCacheTtl;
  private final int maxCached;
  private final Predicate<URI> allowUrl;
  private final Predicate<ClientIdMetadataDocument> allowDocument;

  private ClientIdMetadataDocuments(Builder builder) {
    this.scopes = builder.scopes;
    this.minCacheTtl = builder.minCacheTtl;
    this.maxCacheTtl = builder.maxCacheTtl;
    this.maxCached = builder.maxCached;
    this.allowUrl = builder.allowUrl;
    this.allowDocument = builder.allowDocument;
  }

  /** The defaults: no scope, cached 5 minutes to 24 hours, 10,000 documents, every URL. */
  public static ClientIdMetadataDocuments enabled() {
    return builder().build();
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The scopes such clients may have, as a scope string, or {@code null} for none. */
  String scopes() {
    return scopes;
  }

  Duration minCacheTtl() {
    return minCacheTtl;
  }

  Duration maxCacheTtl() {
    return maxCacheTtl;
  }

  int maxCached() {
    return maxCached;
  }

  Predicate<URI> allowUrl() {
    return allowUrl;
  }

  Predicate<ClientIdMetadataDocument> allowDocument() {
    return allowDocument;
  }

  /** Builds the settings; each setting is checked where it is set. */
  public static final class Builder {

    private String scopes;
    private Duration minCacheTtl = Duration.ofMinutes(5);
    private Duration maxCacheTtl = Duration.ofHours(24);
    private int maxCached = 10_000;
    private Predicate<URI> allowUrl = url -> true;
    private Predicate<ClientIdMetadataDocument> allowDocument = document -> true;

    private Builder() {}

    /**
     * The scopes such a client may be granted, space-separated; the document's own {@code scope}
     * narrows them further. Default: none.
     */
    public Builder scopes(String scopes) {
      try {
        this.scopes =
            Scopes.join(
                Scopes.parse(
                    Objects.requireNonNull(scopes, "scopes"), Proauth2Exception.SERVER_ERROR));
      } catch (Proauth2Exception e) {
        throw new IllegalArgumentException(e.description(), e);
      }
      return this;
    }

    /**
     * The bounds of how long a document is kept: its {@code Cache-Control: max-age} or {@code
     * Expires}, raised to {@code min} and lowered to {@code max}.
     *
     * @param min 0 to {@code max}; default 5 minutes
     * @param max at most 7 days; default 24 hours
     */
    public Builder cacheTtl(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || max.compareTo(Duration.ofDays(7)) > 0 || min.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "cacheTtl must have 0 <= min <= max <= 7 days; got " + min + " and " + max);
      }
      this.minCacheTtl = min;
      this.maxCacheTtl = max;
      return this;
    }

    /**
     * The most documents kept; the least recently used one goes first.
     *
     * @param max 1 to 1,000,000; default 10,000
     */
    public Builder maxCached(int max) {
      if (max < 1 || max > 1_000_000) {
        throw new IllegalArgumentException("maxCached must be 1 to 1000000; got " + max);
      }
      this.maxCached = max;
      return this;
    }

    /**
     * Decides, before any fetch, whether a document URL may be used at all, such as an allow-list
     * of domains. A refused URL is an unknown client.
     */
    public Builder allowUrl(Predicate<URI> allow) {
      this.allowUrl = Objects.requireNonNull(allow, "allow");
      return this;
    }

    /** Decides whether a fetched, valid document's client may be used. */
    public Builder allowDocument(Predicate<ClientIdMetadataDocument> allow) {
      this.allowDocument = Objects.requireNonNull(allow, "allow");
      return this;
    }

    public ClientIdMetadataDocuments build() {
      return new ClientIdMetadataDocuments(this);
    }
  }
}
