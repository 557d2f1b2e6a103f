package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code proauth2-bom} manages every module the root pom publishes, at the project's version, and
 * nothing else: a module added to the build without its line in the BOM fails here.
 */
class BomTest {

  private static final Path ROOT = Path.of("..");

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of the project's direct child element, or null. */
  private static String child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element.getTextContent().strip();
      }
    }
    return null;
  }

  private static Element element(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    return null;
  }

  private static List<String> texts(NodeList nodes) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent().strip());
    }
    return texts;
  }

  /** The modules of the root pom that a release publishes: a jar, and no maven.deploy.skip. */
  private static Set<String> published() throws Exception {
    Element root = read(ROOT.resolve("pom.xml")).getDocumentElement();
    Set<String> published = new TreeSet<>();
    for (String module : texts(element(root, "modules").getElementsByTagName("module"))) {
      Element project = read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
      String packaging = child(project, "packaging");
      Element properties = element(project, "properties");
      boolean skipped = properties != null && "true".equals(child(properties, "maven.deploy.skip"));
      if ((packaging == null || packaging.equals("jar")) && !skipped) {
        published.add(child(project, "artifactId"));
      }
    }
    return published;
  }

  @Test
  @DisplayName("the BOM manages every module the root pom publishes, and only those")
  void listsEveryPublishedModule() throws Exception {
    Element bom = read(ROOT.resolve("proauth2-bom/pom.xml")).getDocumentElement();
    Set<String> managed = new TreeSet<>();
    NodeList dependencies = element(bom, "dependencyManagement").getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      assertEquals("dev.proauth2", child(dependency, "groupId"));
      assertEquals("${project.version}", child(dependency, "version"));
      managed.add(child(dependency, "artifactId"));
    }
    Set<String> published = published();
    assertTrue(published.size() >= 12, published.toString());
    assertEquals(published, managed);
  }

  @Test
  @DisplayName("the BOM has the parent's version, no parent, and is a module of the build")
  void versionAndPlace() throws Exception {
    Element root = read(ROOT.resolve("pom.xml")).getDocumentElement();
    Element bom = read(ROOT.resolve("proauth2-bom/pom.xml")).getDocumentElement();
    assertEquals(child(root, "version"), child(bom, "version"));
    assertEquals(null, element(bom, "parent"));
    assertEquals("pom", child(bom, "packaging"));
    assertTrue(
        texts(element(root, "modules").getElementsByTagName("module")).contains("proauth2-bom"));
  }

  @Test
  @DisplayName("the demo and the benchmarks are not published: no deploy, sources or javadoc")
  void unpublishedModulesSkipRelease() throws Exception {
    for (String module : List.of("proauth2-example", "proauth2-bench")) {
      Element properties =
          element(read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement(), "properties");
      for (String skip : List.of("maven.deploy.skip", "maven.source.skip", "maven.javadoc.skip")) {
        assertEquals("true", child(properties, skip), module + " " + skip);
      }
    }
  }

  @Test
  @DisplayName(
      "the README's install snippets import the BOM at the build's version and name only modules"
          + " it manages")
  void readmeSnippetsUseTheBom() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String version = child(read(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    Set<String> managed = new TreeSet<>();
    NodeList dependencies =
        read(ROOT.resolve("proauth2-bom/pom.xml")).getElementsByTagName("artifactId");
    for (int i = 0; i < dependencies.getLength(); i++) {
      managed.add(dependencies.item(i).getTextContent().strip());
    }
    Matcher imported =
        Pattern.compile(
                "<artifactId>proauth2-bom</artifactId>\\s*<version>([^<]+)</version>\\s*"
                    + "<type>pom</type>\\s*<scope>import</scope>")
            .matcher(readme);
    int imports = 0;
    while (imported.find()) {
      assertEquals(version, imported.group(1));
      imports++;
    }
    assertTrue(imports >= 2, "the install and plugin snippets import the BOM");
    assertTrue(readme.contains("platform(\"dev.proauth2:proauth2-bom:" + version + "\")"));
    Matcher named =
        Pattern.compile("<groupId>dev\\.proauth2</groupId>\\s*<artifactId>([^<]+)</artifactId>")
            .matcher(readme);
    while (named.find()) {
      assertTrue(managed.contains(named.group(1)), named.group(1) + " is not in the BOM");
    }
    Matcher gradle =
        Pattern.compile("implementation\\(\"dev\\.proauth2:([a-z0-9-]+)\"\\)").matcher(readme);
    while (gradle.find()) {
      assertTrue(managed.contains(gradle.group(1)), gradle.group(1) + " is not in the BOM");
    }
  }
}
