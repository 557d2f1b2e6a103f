package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.proauth2.spi.Proauth2Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit log's lines: one per event, key=value, and no value can forge a field or a line. */
@DisplayName("the audit log")
class AuditLogTest {

  private static final Instant NOW = Instant.parse("2026-11-30T01:02:03.456Z");

  /** Unicode categories Cc, Cf, Zl, Zp, Co, Cn, Cs: what no line may hold raw. */
  private static final Set<Integer> HIDDEN =
      Set.of(
          (int) Character.CONTROL,
          (int) Character.FORMAT,
          (int) Character.LINE_SEPARATOR,
          (int) Character.PARAGRAPH_SEPARATOR,
          (int) Character.PRIVATE_USE,
          (int) Character.UNASSIGNED,
          (int) Character.SURROGATE);

  @Test
  @DisplayName("an event is one line: its type, then its fields in snake_case, nulls left out")
  void line() {
    List<String> lines = new ArrayList<>();
    new AuditLog(lines::add)
        .onEvent(
            new Proauth2Event.TokenRevoked(
                NOW, "client-1", "alice@example.com", "g1", "refresh_token", null));
    assertEquals(
        List.of(
            "event=token_revoked time=2026-11-30T01:02:03.456Z client_id=client-1"
                + " user_id=alice@example.com grant_id=g1 token_type=refresh_token"),
        lines);
  }

  @Test
  @DisplayName("a value with spaces, quotes, '=' or line breaks is quoted and escaped")
  void hostileValues() {
    assertEquals(
        "event=user_signed_out time=2026-11-30T01:02:03.456Z"
            + " user_id=\"alice smith\\u000aevent=forged \\\"x\\\" \\\\\" revoked=2",
        AuditLog.line(
            new Proauth2Event.UserSignedOut(NOW, "alice smith\nevent=forged \"x\" \\", 2)));
    assertEquals(
        "event=client_authentication_failed time=2026-11-30T01:02:03.456Z client_id=\"a=b\""
            + " method=client_secret_basic reason=wrong_secret",
        AuditLog.line(
            new Proauth2Event.ClientAuthenticationFailed(
                NOW, "a=b", "client_secret_basic", "wrong_secret", null)));
  }

  /**
   * The line the audit log writes for a failed authentication whose client id is {@code a}, the
   * character, {@code b}: what an unauthenticated client can send.
   */
  private static String lineWithClientId(String clientId) {
    List<String> lines = new ArrayList<>();
    new AuditLog(lines::add)
        .onEvent(
            new Proauth2Event.ClientAuthenticationFailed(
                NOW, clientId, "client_secret_basic", "unknown_client", "198.51.100.7"));
    assertEquals(1, lines.size());
    String line = lines.get(0);
    line.codePoints()
        .forEach(
            c ->
                assertFalse(
                    HIDDEN.contains(Character.getType(c)),
                    "the line holds U+" + Integer.toHexString(c) + " raw: " + line));
    return line;
  }

  private static void assertEscaped(int character, String escaped) {
    String value = "a" + new String(Character.toChars(character)) + "b";
    assertEquals(
        "event=client_authentication_failed time=2026-11-30T01:02:03.456Z client_id=\"a"
            + escaped
            + "b\" method=client_secret_basic reason=unknown_client source=198.51.100.7",
        lineWithClientId(value));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"0080", "0085", "008D", "009B", "009C", "009F"})
  @DisplayName("C1 controls, such as a terminal's CSI (U+009B) and NEL, are escaped")
  void c1Controls(String hex) {
    assertEscaped(Integer.parseInt(hex, 16), "\\u" + hex.toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"2028", "2029"})
  @DisplayName("the line and paragraph separators U+2028 and U+2029 are escaped")
  void separators(String hex) {
    assertEscaped(Integer.parseInt(hex, 16), "\\u" + hex.toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {
        "202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069", "200E", "200F",
        "061C"
      })
  @DisplayName(
      "bidi embeddings, overrides, isolates and marks (U+202A to U+202E, U+2066 to U+2069, U+200E,"
          + " U+200F, U+061C) are escaped")
  void bidi(String hex) {
    assertEscaped(Integer.parseInt(hex, 16), "\\u" + hex.toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"200B", "200D", "2060", "FEFF", "00AD", "FFF9"})
  @DisplayName("other format characters, such as zero-width ones and U+FEFF, are escaped")
  void otherFormat(String hex) {
    assertEscaped(Integer.parseInt(hex, 16), "\\u" + hex.toLowerCase(Locale.ROOT));
  }

  @Test
  @DisplayName(
      "private-use and unassigned code points and unpaired surrogates are escaped, a supplementary"
          + " one as its two UTF-16 units")
  void privateUnassignedSurrogates() {
    assertEscaped(0xE000, "\\ue000");
    assertEscaped(0xFDD0, "\\ufdd0");
    assertEscaped(0xFFFF, "\\uffff");
    assertEscaped(0xD800, "\\ud800");
    assertEscaped(0xDC00, "\\udc00");
    assertEscaped(0xF0000, "\\udb80\\udc00");
    assertEscaped(0xE0001, "\\udb40\\udc01");
  }

  @Test
  @DisplayName(
      "printable non-ASCII is written as it is, and a value with a no-break space is quoted")
  void printableUnicode() {
    assertEquals(
        "event=user_signed_out time=2026-11-30T01:02:03.456Z user_id=Café☕名前😀مرحبا revoked=1",
        AuditLog.line(new Proauth2Event.UserSignedOut(NOW, "Café☕名前😀مرحبا", 1)));
    assertEquals(
        "event=user_signed_out time=2026-11-30T01:02:03.456Z user_id=\"a\u00a0b\" revoked=1",
        AuditLog.line(new Proauth2Event.UserSignedOut(NOW, "a\u00a0b", 1)));
  }
}
