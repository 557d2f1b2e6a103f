package dev.proauth2.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.testkit.ClientAuthMethodContract;
import dev.proauth2.testkit.ClientSecretMethodContract;
import dev.proauth2.testkit.DataStoreContract;
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
 * Every rule {@link DataStoreContract} and {@link ClientAuthMethodContract} check is written, in
 * the sentence its test is named by, in the SPI's javadoc and in the README's plugin guide: a
 * plugin written from those two texts alone is told everything the testkit will hold it to.
 */
class ContractRulesDocumentedTest {

  /** The rules of a method contract, without the number their test names start with. */
  private static List<String> methodRules(Class<?> contract) {
    List<String> rules = new ArrayList<>();
    for (Method test : contract.getDeclaredMethods()) {
      DisplayName name = test.getAnnotation(DisplayName.class);
      if (name != null) {
        rules.add(name.value().replaceFirst("^\\d+\\. ", ""));
      }
    }
    return rules;
  }

  private static List<String> methodRules() {
    List<String> rules = new ArrayList<>(methodRules(ClientAuthMethodContract.class));
    rules.addAll(methodRules(ClientSecretMethodContract.class));
    return rules;
  }

  @Test
  @DisplayName(
      "the testkit checks 9 client authentication method rules, and 3 more of secret methods")
  void methodRuleCount() {
    assertEquals(9, methodRules(ClientAuthMethodContract.class).size(), methodRules().toString());
    assertEquals(3, methodRules(ClientSecretMethodContract.class).size(), methodRules().toString());
  }

  @Test
  @DisplayName("every method rule is a sentence of the ClientAuthMethod javadoc and the README")
  void methodRulesWritten() throws IOException {
    String javadoc =
        folded(Path.of("../proauth2-api/src/main/java/dev/proauth2/spi/ClientAuthMethod.java"));
    String readme = folded(Path.of("../README.md"));
    for (String rule : methodRules()) {
      assertTrue(javadoc.contains(rule), "ClientAuthMethod's javadoc lacks the rule: " + rule);
      assertTrue(readme.contains(rule), "README.md's plugin guide lacks the rule: " + rule);
    }
  }

  private static List<String> rules() {
    List<String> rules = new ArrayList<>();
    for (Class<?> concern : DataStoreContract.class.getDeclaredClasses()) {
      for (Method test : concern.getDeclaredMethods()) {
        DisplayName name = test.getAnnotation(DisplayName.class);
        if (name != null) {
          rules.add(name.value());
        }
      }
    }
    return rules;
  }

  private static String folded(Path path) throws IOException {
    // Javadoc wraps long sentences; compare with runs of white space and comment stars folded.
    return Files.readString(path, StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*\\*?\\s*", " ");
  }

  @Test
  @DisplayName("the testkit checks 23 store rules, each a test named by its rule")
  void ruleCount() {
    assertEquals(23, rules().size(), rules().toString());
  }

  @Test
  @DisplayName("every store rule the testkit checks is a sentence of the DataStore javadoc")
  void inJavadoc() throws IOException {
    String javadoc =
        folded(Path.of("../proauth2-api/src/main/java/dev/proauth2/spi/DataStore.java"));
    for (String rule : rules()) {
      assertTrue(javadoc.contains(rule), "DataStore's javadoc lacks the rule: " + rule);
    }
  }

  @Test
  @DisplayName("every store rule the testkit checks is a sentence of the README's plugin guide")
  void inReadme() throws IOException {
    String readme = folded(Path.of("../README.md"));
    for (String rule : rules()) {
      assertTrue(readme.contains(rule), "README.md's plugin guide lacks the rule: " + rule);
    }
  }
}
