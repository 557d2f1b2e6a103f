package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code --help}: the usage on standard output, with every option {@code serve} parses. */
class DemoHelpTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Every option ServeOptions.parse has a case for, read from its source. */
  private static List<String> serveOptions() throws IOException {
    String source =
        Files.readString(
            Path.of("src/main/java/dev/proauth2/example/ServeOptions.java"),
            StandardCharsets.UTF_8);
    List<String> options = new ArrayList<>();
    Matcher option = Pattern.compile("case \"(--[a-z-]+)\"").matcher(source);
    while (option.find()) {
      options.add(option.group(1));
    }
    return options;
  }

  @Test
  @DisplayName("serve --help prints, on standard output, every option serve parses, and exits 0")
  void serveHelpListsEveryOption() throws IOException {
    assertEquals(0, run("serve", "--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    List<String> options = serveOptions();
    assertTrue(options.size() >= 5, options.toString());
    for (String option : options) {
      assertTrue(
          help.contains("\n  " + option + " "), "serve --help lacks " + option + ":\n" + help);
    }
    assertTrue(help.contains("--help"), help);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the help names a config string of every store the jar ships: jdbc ones too")
  void helpNamesEveryStore() {
    assertEquals(0, run("demo", "--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String store :
        List.of(
            "memory:", "redis://", "mongodb://", "jdbc:postgresql:", "jdbc:mariadb:", "jdbc:h2:")) {
      assertTrue(help.contains(store), "the help lacks " + store + ":\n" + help);
    }
    assertFalse(help.isBlank());
  }
}
