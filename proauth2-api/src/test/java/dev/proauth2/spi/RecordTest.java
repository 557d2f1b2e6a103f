package dev.proauth2.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("records")
class RecordTest {

  private static Record token(String hash, long expiresAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.TOKEN_HASH, hash);
    fields.put(Table.USER_ID, "alice");
    fields.put(Table.EXPIRES_AT, expiresAt);
    return Record.of(fields);
  }

  @Test
  @DisplayName("keep their fields in the order they were built, widening Integer to Long")
  void orderAndTypes() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("b", "text");
    fields.put("a", 7);
    Record record = Record.of(fields);
    assertEquals(List.of("b", "a"), List.copyOf(record.fields().keySet()));
    assertEquals(7L, record.fields().get("a"));
    assertEquals(OptionalLong.of(7), record.number("a"));
    assertEquals(Optional.of("text"), record.string("b"));
    assertEquals(Optional.empty(), record.string("a"));
    assertEquals(OptionalLong.empty(), record.number("missing"));
  }

  @Test
  @DisplayName("cannot be changed through fields()")
  void unmodifiable() {
    Record record = token("h1", 10);
    assertThrows(UnsupportedOperationException.class, () -> record.fields().put("x", "y"));
    assertThrows(UnsupportedOperationException.class, () -> record.fields().clear());
    var entries = record.fields().entrySet().iterator();
    entries.next();
    assertThrows(UnsupportedOperationException.class, entries::remove);
  }

  @Test
  @DisplayName("with() replaces or appends one field and leaves the original, and its shape, alone")
  void with() {
    Record original = token("h1", 10);
    Record sibling = token("h2", 20);
    Record replaced = original.with(Table.USER_ID, "bob");
    Record appended = original.with(Table.ROTATED_AT, 5);
    assertEquals(Optional.of("bob"), replaced.string(Table.USER_ID));
    assertEquals(Optional.of("alice"), original.string(Table.USER_ID));
    assertEquals(
        List.of(Table.TOKEN_HASH, Table.USER_ID, Table.EXPIRES_AT, Table.ROTATED_AT),
        List.copyOf(appended.fields().keySet()));
    assertFalse(original.has(Table.ROTATED_AT));
    assertFalse(sibling.has(Table.ROTATED_AT), "records of one shape share names; none changed");
    assertEquals(3, sibling.fields().size());
  }

  @Test
  @DisplayName("expire at expires_at, follow it through with(), and never without one")
  void expiry() {
    Record record = token("h1", 1_000);
    assertFalse(record.isExpired(999));
    assertTrue(record.isExpired(1_000));
    Record extended = record.with(Table.EXPIRES_AT, 2_000);
    assertFalse(extended.isExpired(1_500));
    assertTrue(record.isExpired(1_500));
    assertFalse(Record.of(Map.of(Table.CLIENT_ID, "c1")).isExpired(Long.MAX_VALUE));
  }

  @Test
  @DisplayName("are equal when their fields are, whatever the order they were built in")
  void equality() {
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put(Table.EXPIRES_AT, 10L);
    reversed.put(Table.USER_ID, "alice");
    reversed.put(Table.TOKEN_HASH, "h1");
    Record a = token("h1", 10);
    Record b = Record.of(reversed);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(
        a.fields(), Map.of(Table.TOKEN_HASH, "h1", Table.USER_ID, "alice", "expires_at", 10L));
    assertNotEquals(a, token("h2", 10));
  }

  @Test
  @DisplayName("refuse null or empty names and values of other types")
  void refusesBadFields() {
    Map<String, Object> nullValue = new LinkedHashMap<>();
    nullValue.put("a", null);
    assertEquals(
        Proauth2Exception.INVALID_REQUEST,
        assertThrows(Proauth2Exception.class, () -> Record.of(nullValue)).error());
    assertThrows(Proauth2Exception.class, () -> Record.of(Map.of("", "x")));
    assertThrows(Proauth2Exception.class, () -> Record.of(Map.of("a", 1.5)));
    assertThrows(Proauth2Exception.class, () -> token("h", 1).with("a", List.of()));
  }
}
