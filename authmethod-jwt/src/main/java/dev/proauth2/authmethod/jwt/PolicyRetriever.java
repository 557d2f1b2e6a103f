package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.proauth2.spi.FetchedResource;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.OutboundFetcher;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Nimbus's way to fetch a key set, done by the engine's {@link OutboundFetcher}: every {@code
 * jwks_uri} fetch keeps the one outbound policy (no special-use address, no redirect, one deadline,
 * a byte cap). A failure reaches Nimbus as the {@link IOException} it expects, with the fetcher's
 * exception as its cause.
 */
final class PolicyRetriever implements ResourceRetriever {

  /** The media types a key set is asked for in (RFC 7517 section 8.5). */
  static final String ACCEPT = "application/jwk-set+json, application/json";

  private final OutboundFetcher fetcher;
  private final int maxBytes;

  PolicyRetriever(OutboundFetcher fetcher, int maxBytes) {
    this.fetcher = fetcher;
    this.maxBytes = maxBytes;
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    FetchedResource fetched;
    try {
      fetched = fetcher.get(url.toURI(), ACCEPT, maxBytes);
    } catch (OutboundFetchException e) {
      throw new IOException("outbound fetch failed (" + e.reason() + ")", e);
    } catch (URISyntaxException e) {
      throw new IOException("the jwks_uri is not a URI", e);
    }
    return new Resource(
        new String(fetched.body(), StandardCharsets.UTF_8), fetched.mediaType().orElse(null));
  }
}
