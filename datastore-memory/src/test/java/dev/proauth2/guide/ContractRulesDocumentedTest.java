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
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every rule {@link DataStoreContract} and {@link ClientAuthMethodContract} check is written, in
 * the sentence its test is named by (and, for the store rules, under its number), in the SPI's
 * javadoc and in the README's plugin guide: a plugin written from those two texts alone is told
 * everything the testkit will hold it to.
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

  /** The store rules, by their number: the test names are "N. rule". */
  private static Map<Integer, String> rules() {
    Map<Integer, String> rules = new TreeMap<>();
    for (Class<?> concern : DataStoreContract.class.getDeclaredClasses()) {
      for (Method test : concern.getDeclaredMethods()) {
        DisplayName name = test.getAnnotation(DisplayName.class);
        if (name != null) {
          Matcher numbered = Pattern.compile("(\\d+)\\. (.+)").matcher(name.value());
          assertTrue(
              numbered.matches(), "a store rule's test name lacks its number: " + name.value());
          String before = rules.put(Integer.parseInt(numbered.group(1)), numbered.group(2));
          assertEquals(null, before, "two store rules numbered " + numbered.group(1));
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
  @DisplayName("the testkit checks 23 store rules, each a test named by its number and rule")
  void ruleCount() {
    assertEquals(
        IntStream.rangeClosed(1, 23).boxed().toList(),
        List.copyOf(rules().keySet()),
        rules().toString());
  }

  @Test
  @DisplayName("the DataStore javadoc lists the store rules in the order of their numbers")
  void inJavadoc() throws IOException {
    String javadoc =
        folded(Path.of("../proauth2-api/src/main/java/dev/proauth2/spi/DataStore.java"));
    String list = javadoc.substring(javadoc.indexOf("<ol>") + 4, javadoc.indexOf("</ol>"));
    List<String> items = new ArrayList<>();
    for (String item : list.split("<li>")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    assertEquals(List.copyOf(rules().values()), items);
  }

  @Test
  @DisplayName("the README's plugin guide numbers every store rule as the testkit does")
  void inReadme() throws IOException {
    String readme = folded(Path.of("../README.md"));
    for (Map.Entry<Integer, String> rule : rules().entrySet()) {
      String numbered = rule.getKey() + ". " + rule.getValue();
      assertTrue(readme.contains(numbered), "README.md's plugin guide lacks: " + numbered);
    }
  }
}
