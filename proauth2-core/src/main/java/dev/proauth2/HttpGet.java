package dev.proauth2;

import dev.proauth2.spi.FetchedResource;
import dev.proauth2.spi.OutboundFetchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a socket connected to an address the caller chose and checked.
 *
 * <p>Written by hand because the outbound policy must decide which address is connected to: the
 * JDK's {@code HttpClient} and {@code HttpURLConnection} resolve the host again themselves, which
 * would leave a window for a name to change its answer (DNS rebinding) between the check and the
 * connection, and core depends on the JDK alone. TLS is the JDK's, with the host name verified
 * against the certificate and sent as SNI. Every read waits at most until the one deadline.
 */
final class HttpGet {

  /** The most bytes of status line and headers read. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  private final URI url;
  private final InetAddress address;
  private final long deadlineNanos;
  private final int maxBytes;

  private HttpGet(URI url, InetAddress address, long deadlineNanos, int maxBytes) {
    this.url = url;
    this.address = address;
    this.deadlineNanos = deadlineNanos;
    this.maxBytes = maxBytes;
  }

  /**
   * GETs the URL from this address.
   *
   * @param tls the socket factory for https, whose trust store decides which certificates count
   * @throws OutboundFetchException for any failure, with its reason
   */
  static FetchedResource fetch(
      URI url,
      InetAddress address,
      SSLSocketFactory tls,
      String accept,
      int maxBytes,
      long deadlineNanos) {
    return new HttpGet(url, address, deadlineNanos, maxBytes).run(tls, accept);
  }

  private FetchedResource run(SSLSocketFactory tls, String accept) {
    boolean https = url.getScheme().equalsIgnoreCase("https");
    int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(address, port), remainingMillis());
      Socket socket = https ? handshake(tls, raw, port) : raw;
      try {
        send(socket.getOutputStream(), accept);
        return read(socket, socket.getInputStream());
      } finally {
        socket.close();
      }
    } catch (SocketTimeoutException e) {
      throw new OutboundFetchException(
          OutboundFetchException.TIMEOUT, "no complete answer from " + where() + " in time", e);
    } catch (SSLException e) {
      throw new OutboundFetchException(
          OutboundFetchException.TLS, "TLS with " + where() + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OutboundFetchException(
          OutboundFetchException.CONNECTION,
          "connection to " + where() + " failed: " + e.getMessage(),
          e);
    }
  }

  private SSLSocket handshake(SSLSocketFactory tls, Socket raw, int port) throws IOException {
    String host = url.getHost();
    SSLSocket socket = (SSLSocket) tls.createSocket(raw, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (SpecialUseAddresses.literal(host).isEmpty()) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(remainingMillis());
    socket.startHandshake();
    return socket;
  }

  private void send(OutputStream out, String accept) throws IOException {
    String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      target += "?" + url.getRawQuery();
    }
    String host = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nAccept: "
            + accept
            + "\r\nAccept-Encoding: identity\r\nUser-Agent: proauth2\r\nConnection: close\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private FetchedResource read(Socket socket, InputStream in) throws IOException {
    Reader reader = new Reader(socket, in);
    String status = reader.line();
    int code = statusCode(status);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = reader.line(); !line.isEmpty(); line = reader.line()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw bad("a malformed header line");
      }
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    if (code >= 300 && code < 400) {
      throw new OutboundFetchException(
          OutboundFetchException.REDIRECT,
          where() + " answered HTTP " + code + " (a redirect, never followed)");
    }
    if (code != 200) {
      throw new OutboundFetchException(
          OutboundFetchException.STATUS, where() + " answered HTTP " + code + " instead of 200");
    }
    byte[] body;
    Optional<String> encoding = first(headers, "transfer-encoding");
    Optional<String> length = first(headers, "content-length");
    if (encoding.isPresent()) {
      if (!encoding.get().equalsIgnoreCase("chunked")) {
        throw bad("a transfer-encoding other than chunked");
      }
      body = reader.chunked();
    } else if (length.isPresent()) {
      long declared;
      try {
        declared = Long.parseLong(length.get());
      } catch (NumberFormatException e) {
        throw bad("a malformed content-length");
      }
      if (declared < 0) {
        throw bad("a malformed content-length");
      }
      if (declared > maxBytes) {
        throw tooLarge();
      }
      body = reader.exactly((int) declared);
    } else {
      body = reader.untilClosed();
    }
    return new FetchedResource(url, headers, body);
  }

  private int statusCode(String status) {
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
      throw bad("no HTTP/1.x status line");
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw bad("no HTTP/1.x status line");
    }
  }

  private static Optional<String> first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  private int remainingMillis() throws SocketTimeoutException {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(left, Integer.MAX_VALUE);
  }

  private String where() {
    return url.getScheme() + "://" + url.getRawAuthority() + " (" + address.getHostAddress() + ")";
  }

  private OutboundFetchException bad(String what) {
    return new OutboundFetchException(OutboundFetchException.STATUS, where() + " sent " + what);
  }

  private OutboundFetchException tooLarge() {
    return new OutboundFetchException(
        OutboundFetchException.TOO_LARGE,
        where() + " sent a body longer than " + maxBytes + " bytes");
  }

  /** Reads the response with every wait bounded by the deadline and every size by its cap. */
  private final class Reader {
    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private int headBytes;

    Reader(Socket socket, InputStream in) {
      this.socket = socket;
      this.in = in;
    }

    /** One line of the head, without its CRLF. */
    String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int b = next();
        if (b < 0) {
          throw bad("an incomplete head");
        }
        if (++headBytes > MAX_HEAD_BYTES) {
          throw bad("a head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int end =
              bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }
        line.write(b);
      }
    }

    byte[] exactly(int length) throws IOException {
      byte[] body = new byte[length];
      for (int i = 0; i < length; i++) {
        int b = next();
        if (b < 0) {
          throw bad("a body shorter than its content-length");
        }
        body[i] = (byte) b;
      }
      return body;
    }

    byte[] untilClosed() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int b = next(); b >= 0; b = next()) {
        if (body.size() >= maxBytes) {
          throw tooLarge();
        }
        body.write(b);
      }
      return body.toByteArray();
    }

    byte[] chunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        headBytes = 0; // each chunk-size line has the head's bound of its own
        String sizeLine = line().split(";", 2)[0].trim();
        int size;
        try {
          size = Integer.parseInt(sizeLine, 16);
        } catch (NumberFormatException e) {
          throw bad("a malformed chunk size");
        }
        if (size < 0) {
          throw bad("a malformed chunk size");
        }
        if (size == 0) {
          return body.toByteArray();
        }
        if ((long) body.size() + size > maxBytes) {
          throw tooLarge();
        }
        body.write(exactly(size));
        headBytes = 0;
        if (!line().isEmpty()) {
          throw bad("a chunk longer than its size");
        }
      }
    }

    private int next() throws IOException {
      if (position == limit) {
        socket.setSoTimeout(remainingMillis());
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return -1;
        }
      }
      return buffer[position++] & 0xff;
    }
  }
}
