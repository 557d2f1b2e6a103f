package dev.proauth2.spi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response of status 200 that an {@link OutboundFetcher} read: its headers and its whole body.
 *
 * @param url the URL fetched
 * @param headers the response headers, names in lower case, values in the order received
 * @param body the body, at most the bytes the caller allowed
 */
public record FetchedResource(URI url, Map<String, List<String>> headers, byte[] body) {

  /** Copies the headers and requires every part. */
  public FetchedResource {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** The first value of a header, by its name in any case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The media type of the body without parameters, in lower case, such as {@code application/json}.
   */
  public Optional<String> mediaType() {
    return header("content-type")
        .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter(value -> !value.isEmpty());
  }

  @Override
  public String toString() {
    return "FetchedResource[" + url + ", " + body.length + " bytes]";
  }
}
