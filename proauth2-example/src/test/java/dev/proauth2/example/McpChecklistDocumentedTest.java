package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's MCP checklist names, for each requirement, the test that shows proauth2 meets it:
 * this test reads the table and fails when a named test class or method no longer exists, so the
 * table cannot claim what nothing checks.
 */
class McpChecklistDocumentedTest {

  private static final Pattern ROW = Pattern.compile("^\\|.*\\| `(\\w+)\\.(\\w+)` \\|$");

  @Test
  @DisplayName("every test the README's MCP checklist names exists, in some module's tests")
  void everyNamedTestExists() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String readme = Files.readString(root.resolve("README.md"));
    int start = readme.indexOf("### The MCP authorization checklist");
    assertTrue(start >= 0, "the README has the MCP checklist");
    List<String[]> named = new ArrayList<>();
    for (String line : readme.substring(start).split("\n")) {
      Matcher row = ROW.matcher(line.strip());
      if (row.matches()) {
        named.add(new String[] {row.group(1), row.group(2)});
      }
    }
    assertTrue(named.size() >= 12, "the checklist has its rows: " + named.size());
    for (String[] test : named) {
      Path source = find(root, test[0] + ".java");
      String text = Files.readString(source);
      assertTrue(
          Pattern.compile("void " + test[1] + "\\(").matcher(text).find(),
          test[0] + " has no test method " + test[1]);
      assertFalse(text.contains("@Disabled"), test[0] + " is disabled");
    }
  }

  private static Path find(Path root, String file) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(path -> path.getFileName().toString().equals(file))
          .filter(path -> path.toString().contains("/src/test/java/"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no test class " + file + " in any module"));
    }
  }
}
