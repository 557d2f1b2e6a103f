package dev.proauth2.thirdparty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's plugin guide shows the whole of {@link TinyDataStore} and its provider, and this
 * module builds and tests exactly that code: the page and the code cannot drift apart.
 */
class PluginGuideTest {

  private static final Path SOURCES = Path.of("src/test/java/dev/proauth2/thirdparty");

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private static String readme() throws IOException {
    return read(Path.of("..", "README.md"));
  }

  @Test
  @DisplayName("the guide shows TinyDataStore.java exactly as it is built here")
  void storeMatches() throws IOException {
    String code = read(SOURCES.resolve("TinyDataStore.java"));
    assertTrue(
        readme().contains("```java\n" + code + "```"),
        "README.md's plugin guide differs from TinyDataStore.java; paste the file into the guide");
  }

  @Test
  @DisplayName("the guide shows TinyDataStoreProvider.java exactly as it is built here")
  void providerMatches() throws IOException {
    String code = read(SOURCES.resolve("TinyDataStoreProvider.java"));
    assertTrue(
        readme().contains("```java\n" + code + "```"),
        "README.md's plugin guide differs from TinyDataStoreProvider.java; paste the file in");
  }

  @Test
  @DisplayName("the services line the guide shows is the one that registers the provider here")
  void servicesLineMatches() throws IOException {
    String line = TinyDataStoreProvider.class.getName();
    String services =
        read(Path.of("src/test/resources/META-INF/services/dev.proauth2.spi.DataStoreProvider"));
    assertTrue(services.lines().anyMatch(line::equals), "the services file lacks " + line);
    assertTrue(readme().contains("```\n" + line + "\n```"), "the guide lacks " + line);
  }
}
