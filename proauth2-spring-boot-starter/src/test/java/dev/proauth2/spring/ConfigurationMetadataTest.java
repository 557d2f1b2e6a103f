package dev.proauth2.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What an IDE shows for {@code proauth2.*}: the metadata the jar carries. */
class ConfigurationMetadataTest {

  private static String metadata() throws IOException {
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertNotNull(in, "the jar carries META-INF/spring-configuration-metadata.json");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName(
      "every proauth2.* property has a plain-text description, and the engine's defaults are"
          + " shown for the ones left unset")
  void descriptionsAndDefaults() throws IOException {
    List<Map<String, Object>> properties = JsonPath.read(metadata(), "$.properties[*]");
    Map<String, Map<String, Object>> byName = new HashMap<>();
    properties.forEach(property -> byName.put((String) property.get("name"), property));
    for (Map<String, Object> property : properties) {
      String name = (String) property.get("name");
      String description = (String) property.get("description");
      assertTrue(description != null && !description.isBlank(), name + " has no description");
      assertTrue(!description.contains("{@"), name + " shows a Javadoc tag: " + description);
    }
    assertEquals("1h", byName.get("proauth2.access-token-ttl").get("defaultValue"));
    assertEquals("60s", byName.get("proauth2.code-ttl").get("defaultValue"));
    assertEquals("/token", byName.get("proauth2.endpoints.token").get("defaultValue"));
    assertTrue(byName.containsKey("proauth2.clients"));
    assertTrue(byName.containsKey("proauth2.resource-server.url-patterns"));
  }
}
