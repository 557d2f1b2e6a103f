package dev.proauth2.example;

import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of {@code proauth2-example.jar}.
 *
 * <pre>
 * java -jar proauth2-example.jar demo [--store memory:]
 * java -jar proauth2-example.jar serve [--port 8080] [--store memory:] [--issuer URL] [--auto-approve]
 * </pre>
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar proauth2-example.jar demo [--store CONFIG]\n"
          + "       java -jar proauth2-example.jar serve [--port 8080] [--store CONFIG]"
          + " [--issuer URL] [--auto-approve] [--metrics] [--clients FILE]\n"
          + "             [--access-token-format opaque|jwt] [--signing-key-rotation SECONDS]\n"
          + "       java -jar proauth2-example.jar [demo|serve] --help\n"
          + "  demo            walk through register, authorize, exchange, authenticate, refresh,\n"
          + "                  introspect and revoke, printing each step\n"
          + "  serve           run a demo OAuth 2.1 authorization server on 127.0.0.1: /register,\n"
          + "                  /authorize, /token, /introspect, /revoke, /jwks, /me,\n"
          + "                  /.well-known/oauth-authorization-server, and an MCP-style\n"
          + "                  protected resource at /mcp that takes only tokens issued for it\n"
          + "  --store         the DataStore config string (default memory:), such as\n"
          + "                  redis://localhost:6379/0, mongodb://localhost/proauth2,\n"
          + "                  jdbc:postgresql://localhost/auth?user=u&password=p,\n"
          + "                  jdbc:mariadb://localhost/auth?user=u&password=p or jdbc:h2:mem:demo\n"
          + "  --port          the port to listen on (default 8080; 0 picks a free one)\n"
          + "  --issuer        the issuer URL (default http://localhost:PORT)\n"
          + "  --auto-approve  approve every authorization request for demo-user, without a page\n"
          + "  --metrics       serve the engine's Micrometer meters at /metrics (Prometheus format)\n"
          + "  --clients       a JSON file of clients to register, or update, under their own ids\n"
          + "                  and secrets at start: {\"clients\": [{\"client_id\": ..., ...}]}\n"
          + "  --access-token-format  opaque (default) or jwt: JWT access tokens (RFC 9068),\n"
          + "                  verifiable against /jwks\n"
          + "  --signing-key-rotation  rotate the signing keys every SECONDS (default: 7 days),\n"
          + "                  to watch a rotation; a new key is published one period ahead\n"
          + "  --help          print this and exit";

  private Main() {}

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs the command; returns the exit status. {@code serve} returns when the JVM shuts down. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    switch (args.get(0)) {
      case "demo":
        return demo(args.subList(1, args.size()), out, err);
      case "serve":
        return serve(args.subList(1, args.size()), out, err);
      default:
        err.println(USAGE);
        return 2;
    }
  }

  private static int demo(List<String> args, PrintStream out, PrintStream err) {
    String store = "memory:";
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--store") && i + 1 < args.size()) {
        store = args.get(++i);
      } else {
        err.println("unknown argument '" + args.get(i) + "'\n" + USAGE);
        return 2;
      }
    }
    try {
      new Demo(out).run(store);
      return 0;
    } catch (Proauth2Exception e) {
      err.println("demo failed: " + e.getMessage());
      return 1;
    }
  }

  private static int serve(List<String> args, PrintStream out, PrintStream err) {
    ServeOptions options;
    try {
      options = ServeOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    }
    DemoServer server;
    try {
      server = DemoServer.start(options, out);
    } catch (BindException e) {
      err.println(
          "serve failed: port " + options.port() + " is in use; choose another with --port");
      return 1;
    } catch (IOException e) {
      err.println("serve failed: " + e);
      return 1;
    } catch (Proauth2Exception | IllegalArgumentException e) {
      // the store cannot be opened, or the engine refuses the issuer
      err.println("serve failed: " + e.getMessage());
      return 1;
    }
    out.println(
        "proauth2 demo server listening on http://127.0.0.1:"
            + server.port()
            + " with issuer "
            + server.issuer()
            + " on the store '"
            + DataStoreConfig.redact(options.store())
            + "'"
            + (options.autoApprove() ? ", approving every request for " + DemoServer.DEMO_USER : "")
            + "\nmetadata: "
            + server.issuer()
            + "/.well-known/oauth-authorization-server\nprotected resource: "
            + DemoServer.mcpResource(server.issuer())
            + " (tokens asked with resource="
            + DemoServer.mcpResource(server.issuer())
            + ")\nstop with Ctrl-C");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping");
                  server.close();
                  stopped.countDown();
                },
                "proauth2-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
