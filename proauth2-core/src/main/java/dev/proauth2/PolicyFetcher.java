package dev.proauth2;

import dev.proauth2.internal.Loopback;
import dev.proauth2.spi.FetchedResource;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.OutboundFetcher;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The engine's {@link OutboundFetcher}: the one outbound policy, applied to every URL a client
 * names. See the interface for the rules; here they are kept in order: form, then a literal host
 * checked without DNS, then the name resolved within the deadline and every address it has checked,
 * then a connection to exactly the address checked.
 */
final class PolicyFetcher implements OutboundFetcher {

  /** Resolves names on daemon threads, so a resolver that hangs costs a thread, not the caller. */
  private static final Executor RESOLVER =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "proauth2-resolver");
            thread.setDaemon(true);
            return thread;
          });

  private static final System.Logger LOG = System.getLogger(PolicyFetcher.class.getName());

  private final boolean loopbackAllowed;
  private final Duration timeout;
  private final SSLContext tls;
  private final BiConsumer<String, OutboundFetchException> failures;

  /**
   * A fetcher for an engine at this issuer.
   *
   * @param issuer the engine's issuer, or {@code null}; one on loopback lets loopback URLs through
   * @param timeout the deadline of one whole fetch
   * @param tls the TLS context, or {@code null} for the JVM's default (its trust store is {@code
   *     javax.net.ssl.trustStore} when set)
   * @param failures told of each failure, with the URL without its query, after it is logged
   */
  PolicyFetcher(
      String issuer,
      Duration timeout,
      SSLContext tls,
      BiConsumer<String, OutboundFetchException> failures) {
    this.loopbackAllowed = issuer != null && Loopback.isLoopbackUrl(issuer);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.tls = tls;
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  @Override
  public URI check(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw refusedUrl("is not a valid URL");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
      throw refusedUrl("must be an absolute https URL with a host");
    }
    if (uri.getHost() == null) {
      // java.net.URI gives no host for spellings such as 127.1 or 0x7f.0.0.1, which resolvers
      // and browsers read as addresses: refuse those as the addresses they are.
      refuseAddressLiteral(hostOf(uri.getRawAuthority()));
      throw refusedUrl("must be an absolute https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw refusedUrl("must not carry user info (user:password@)");
    }
    if (uri.getRawFragment() != null) {
      throw refusedUrl("must not have a fragment");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean loopback = Loopback.isLoopbackHost(uri.getHost());
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback && loopbackAllowed)) {
      throw refusedUrl(
          "must use https; http is fetched only from a loopback host while this server's issuer is"
              + " itself on loopback");
    }
    refuseAddressLiteral(uri.getHost());
    return uri;
  }

  /** Refuses a host spelled as a special-use address, or as something neither name nor address. */
  private void refuseAddressLiteral(String host) {
    Optional<InetAddress> literal;
    try {
      literal = SpecialUseAddresses.literal(host);
    } catch (IllegalArgumentException e) {
      throw refusedUrl("has a host that is neither a name nor an address");
    }
    if (literal.isPresent() && refused(literal.get(), host)) {
      throw new OutboundFetchException(
          OutboundFetchException.REFUSED_ADDRESS,
          "the URL's host " + host + " is a special-use address (RFC 6890)");
    }
  }

  /** The host part of a raw authority: without user info and port. */
  private static String hostOf(String authority) {
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.lastIndexOf(':');
    return colon >= 0 ? host.substring(0, colon) : host;
  }

  @Override
  public FetchedResource get(URI url, String accept, int maxBytes) {
    Objects.requireNonNull(accept, "accept");
    if (maxBytes < 1 || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be 1 to " + MAX_BYTES + "; got " + maxBytes);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      check(url.toString());
      InetAddress[] addresses = resolve(url.getHost(), deadline);
      for (int i = 0; ; i++) {
        try {
          return HttpGet.fetch(url, addresses[i], socketFactory(), accept, maxBytes, deadline);
        } catch (OutboundFetchException e) {
          // A refused connection tries the host's next address (IPv6 and IPv4 of localhost).
          if (i + 1 == addresses.length || !(e.getCause() instanceof ConnectException)) {
            throw e;
          }
        }
      }
    } catch (OutboundFetchException e) {
      String where = url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
      LOG.log(
          System.Logger.Level.WARNING,
          "outbound fetch of {0} failed ({1}): {2}",
          where,
          e.reason(),
          e.getMessage());
      failures.accept(where, e);
      throw e;
    }
  }

  /** The host's addresses, once every one of them has passed the policy. */
  private InetAddress[] resolve(String host, long deadline) {
    Optional<InetAddress> literal = SpecialUseAddresses.literal(host);
    if (literal.isPresent()) {
      return new InetAddress[] {literal.get()};
    }
    CompletableFuture<InetAddress[]> lookup =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return InetAddress.getAllByName(host);
              } catch (UnknownHostException e) {
                throw new OutboundFetchException(
                    OutboundFetchException.CONNECTION, "the host " + host + " does not resolve", e);
              }
            },
            RESOLVER);
    InetAddress[] addresses;
    try {
      addresses = lookup.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new OutboundFetchException(
          OutboundFetchException.TIMEOUT, "resolving " + host + " took too long", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboundFetchException(
          OutboundFetchException.INTERRUPTED, "interrupted while resolving " + host, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutboundFetchException refused) {
        throw refused;
      }
      throw new OutboundFetchException(
          OutboundFetchException.CONNECTION, "resolving " + host + " failed", e.getCause());
    }
    for (InetAddress address : addresses) {
      if (refused(address, host)) {
        throw new OutboundFetchException(
            OutboundFetchException.REFUSED_ADDRESS,
            "the host "
                + host
                + " resolves to the special-use address "
                + address.getHostAddress()
                + " (RFC 6890)");
      }
    }
    return addresses;
  }

  /** Whether the policy refuses this address: special-use, unless loopback on a loopback server. */
  private boolean refused(InetAddress address, String host) {
    if (loopbackAllowed && address.isLoopbackAddress()) {
      return false;
    }
    return SpecialUseAddresses.isSpecialUseLiteral(host, address);
  }

  private SSLSocketFactory socketFactory() {
    try {
      return (tls != null ? tls : SSLContext.getDefault()).getSocketFactory();
    } catch (NoSuchAlgorithmException e) {
      throw new OutboundFetchException(OutboundFetchException.TLS, "no TLS available", e);
    }
  }

  private static OutboundFetchException refusedUrl(String why) {
    return new OutboundFetchException(OutboundFetchException.REFUSED_URL, "the URL " + why);
  }
}
