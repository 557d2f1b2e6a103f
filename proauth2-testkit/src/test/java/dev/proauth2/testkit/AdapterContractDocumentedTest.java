package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every concern {@link AdapterContract} checks is named, in the words of its group's display name,
 * in the contract's javadoc, where an adapter's author reads what the contract holds them to.
 */
class AdapterContractDocumentedTest {

  private static List<String> concerns() {
    List<String> concerns = new ArrayList<>();
    for (Class<?> member : AdapterContract.class.getDeclaredClasses()) {
      if (member.isAnnotationPresent(Nested.class)) {
        concerns.add(member.getAnnotation(DisplayName.class).value());
      }
    }
    return concerns;
  }

  @Test
  @DisplayName("the adapter contract has six concerns, and its javadoc names each of them")
  void concernsDocumented() throws IOException {
    String javadoc =
        Files.readString(
                Path.of("src/main/java/dev/proauth2/testkit/AdapterContract.java"),
                StandardCharsets.UTF_8)
            .replaceAll("\\s*\\n\\s*\\*?\\s*", " ");
    List<String> concerns = concerns();
    assertEquals(6, concerns.size(), concerns.toString());
    for (String concern : concerns) {
      assertTrue(javadoc.contains("<li>" + concern), "AdapterContract's javadoc lacks: " + concern);
    }
  }
}
