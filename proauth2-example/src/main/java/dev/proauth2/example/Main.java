package dev.proauth2.example;

import dev.proauth2.spi.Proauth2Exception;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code proauth2-example.jar}.
 *
 * <pre>
 * java -jar proauth2-example.jar demo [--store memory:]
 * </pre>
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar proauth2-example.jar demo [--store CONFIG]\n"
          + "  demo     walk through register, authorize, exchange, authenticate, refresh,\n"
          + "           introspect and revoke, printing each step\n"
          + "  --store  the DataStore config string (default memory:), such as\n"
          + "           redis://localhost:6379/0 or mongodb://localhost/proauth2";

  private Main() {}

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs the command; returns the exit status. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || !args.get(0).equals("demo")) {
      err.println(USAGE);
      return 2;
    }
    String store = "memory:";
    for (int i = 1; i < args.size(); i++) {
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
}
