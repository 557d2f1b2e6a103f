package dev.proauth2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP server on loopback, plain or TLS, that answers each connection with what its
 * handler writes: well-formed responses, and the malformed, slow and huge ones a hostile server
 * sends. It counts the connections it accepted, so a test can show a request never left.
 */
final class LocalServer implements AutoCloseable {

  /** Writes the answer to one request, whose head has been read. */
  interface Handler {
    void answer(String requestHead, OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  LocalServer(Handler handler) throws IOException {
    this(null, handler);
  }

  LocalServer(SSLContext tls, Handler handler) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    socket =
        tls == null
            ? new ServerSocket(0, 50, loopback)
            : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
    acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  connections.incrementAndGet();
                  Thread serving = new Thread(() -> serve(client, handler), "local-server-conn");
                  serving.setDaemon(true);
                  serving.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "local-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve(Socket client, Handler handler) {
    try (client) {
      String head = readHead(client.getInputStream());
      OutputStream out = client.getOutputStream();
      handler.answer(head, out);
      out.flush();
    } catch (IOException | InterruptedException e) {
      // the client went away, or the test ended: nothing to answer
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  int port() {
    return socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  /** Writes a response with a content-length. */
  static void respond(OutputStream out, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 "
                + status
                + " X\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + bytes.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
