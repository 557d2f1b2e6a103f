package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every rule {@link ExtensionGrantContract} checks is written, in the words of its test's display
 * name, in the {@code ExtensionGrant} javadoc, where a grant's author reads it.
 */
class ExtensionGrantContractDocumentedTest {

  @Test
  @DisplayName("the grant contract has seven rules, and the SPI's javadoc states each of them")
  void rulesDocumented() throws IOException {
    String javadoc =
        Files.readString(
                Path.of("../proauth2-api/src/main/java/dev/proauth2/spi/ExtensionGrant.java"),
                StandardCharsets.UTF_8)
            .replaceAll("\\s*\\n\\s*\\*?\\s*", " ");
    List<String> rules = new ArrayList<>();
    for (Method test : ExtensionGrantContract.class.getDeclaredMethods()) {
      if (test.isAnnotationPresent(Test.class)) {
        rules.add(test.getAnnotation(DisplayName.class).value().replaceFirst("^\\d+\\. ", ""));
      }
    }
    assertEquals(7, rules.size(), rules.toString());
    for (String rule : rules) {
      assertTrue(javadoc.contains("<li>" + rule), "ExtensionGrant's javadoc lacks: " + rule);
    }
  }
}
