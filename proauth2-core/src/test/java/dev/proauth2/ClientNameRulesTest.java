package dev.proauth2;

import static dev.proauth2.TestEngine.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.Proauth2Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client's name is shown on the consent page, so it may hold no character that hides or reorders
 * text: "Photos", a right-to-left override, then "evil.example" backwards, reads as "Photos"
 * followed by "evil.example" there, and zero-width characters make two names look alike.
 */
@DisplayName("client names")
class ClientNameRulesTest {

  private final TestEngine engine = new TestEngine();
  private final Proauth2 oauth = engine.oauth;

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  /** Registers "Photos", the character, "elpmaxe": refused, nothing stored, the name not quoted. */
  private void assertRefused(String hex) {
    String name = "Photos" + new String(Character.toChars(Integer.parseInt(hex, 16))) + "elpmaxe";
    long changes = engine.store.changes();
    Proauth2Exception refused =
        TestEngine.assertError(
            Proauth2Exception.INVALID_CLIENT_METADATA, () -> oauth.registerApp(name, REDIRECT));
    assertEquals(changes, engine.store.changes(), "a refused registration changed the store");
    assertTrue(refused.description().contains("U+" + hex), refused.description());
    assertFalse(refused.description().contains("elpmaxe"), refused.description());
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069"})
  @DisplayName("a name with a bidi embedding, override or isolate is invalid_client_metadata")
  void bidiOverrides(String hex) {
    assertRefused(hex);
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {"200B", "200C", "200D", "200E", "200F", "2060", "2061", "2062", "2063", "2064"})
  @DisplayName("a name with a zero-width character or a direction mark is invalid_client_metadata")
  void zeroWidth(String hex) {
    assertRefused(hex);
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"FEFF", "061C", "00AD", "180E", "FFF9", "E0001"})
  @DisplayName(
      "a name with another format character (U+FEFF, U+061C, a soft hyphen, a tag) is"
          + " invalid_client_metadata")
  void otherFormat(String hex) {
    assertRefused(hex);
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"0085", "009B", "2028", "2029", "E000", "FDD0"})
  @DisplayName(
      "a name with a C1 control, a line or paragraph separator, a private-use or unassigned code"
          + " point is invalid_client_metadata")
  void otherHidden(String hex) {
    assertRefused(hex);
  }

  @Test
  @DisplayName("a name of no-break spaces alone is invalid_client_metadata")
  void onlySpaces() {
    engine.assertRefusedUnchanged(
        Proauth2Exception.INVALID_CLIENT_METADATA,
        () -> oauth.registerApp("\u00A0\u3000\u00A0", REDIRECT));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Café ☕",
        "تطبيق الصور",
        "שלום עולם",
        "写真アプリ",
        "사진 앱",
        "Фото",
        "😀 Photos",
        "☕️ Coffee",
        "Zoë's A\u00A0B"
      })
  @DisplayName("ordinary names in any script, with emoji, accents or a no-break space, register")
  void ordinaryNames(String name) {
    assertEquals(name, oauth.registerApp(name, REDIRECT).name());
  }
}
