package dev.proauth2.spring.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's snippets are the sample application's code, which {@link SampleApplicationTest}
 * runs: each region of {@code SampleApplication.java} between {@code // README: name} and {@code //
 * README: end} is in the README as written, and every import the README's Java snippets name is a
 * class on the class path.
 */
class ReadmeSnippetsTest {

  private static final Path README = Path.of("README.md");
  private static final Path SAMPLE =
      Path.of("src/test/java/dev/proauth2/spring/sample/SampleApplication.java");

  private static String withoutSpace(String text) {
    return text.replaceAll("\\s+", "");
  }

  private static List<String> regions() throws IOException {
    Matcher matcher =
        Pattern.compile("// README: (?!end)[^\\n]*\\n(.*?)// README: end", Pattern.DOTALL)
            .matcher(Files.readString(SAMPLE));
    List<String> regions = new ArrayList<>();
    while (matcher.find()) {
      regions.add(matcher.group(1));
    }
    return regions;
  }

  @Test
  @DisplayName(
      "the consent page, the security chain and the API in the README are the sample"
          + " application's, which the sample test runs")
  void snippetsAreTheSample() throws IOException {
    List<String> regions = regions();
    assertEquals(3, regions.size(), "consent page, security, api");
    String readme = withoutSpace(Files.readString(README));
    for (String region : regions) {
      assertTrue(readme.contains(withoutSpace(region)), "not in the README as written:\n" + region);
    }
  }

  @Test
  @DisplayName("every import in the README's Java snippets names a class that exists")
  void importsResolve() throws Exception {
    Matcher blocks =
        Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    List<String> imports = new ArrayList<>();
    while (blocks.find()) {
      Matcher lines =
          Pattern.compile("^import ([\\w.]+);$", Pattern.MULTILINE).matcher(blocks.group(1));
      while (lines.find()) {
        imports.add(lines.group(1));
      }
    }
    assertFalse(imports.isEmpty());
    for (String name : imports) {
      Class.forName(name, false, getClass().getClassLoader());
    }
  }
}
