package dev.proauth2.guide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's plugin guide shows the two test classes a plugin author writes exactly as this
 * module compiles and runs them, so the snippet a reader copies compiles and passes.
 */
class GuideTestsShownTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"TinyDataStoreContractTest.java", "TinyProauth2ContractTest.java"})
  @DisplayName("the guide shows the test class exactly as it is built and run here")
  void shownExactly(String file) throws IOException {
    String code =
        Files.readString(
            Path.of("src/test/java/dev/proauth2/guide").resolve(file), StandardCharsets.UTF_8);
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    assertTrue(
        readme.contains("```java\n" + code + "```"),
        "README.md's plugin guide differs from " + file + "; paste the file into the guide");
  }
}
