package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proauth2.spi.Proauth2Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The audit log's lines: one per event, key=value, and no value can forge a field or a line. */
@DisplayName("the audit log")
class AuditLogTest {

  private static final Instant NOW = Instant.parse("2026-11-30T01:02:03.456Z");

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
}
