package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
}
