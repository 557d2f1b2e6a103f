package dev.proauth2.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KeyRing: the rules every engine applies alike to a key set")
class KeyRingTest {

  private static final long P = 1_000_000;
  private static final long RETAIN = 10_000;

  private static KeyRing.Entry key(String kid, long activatesAt) {
    return new KeyRing.Entry(kid, activatesAt, RETAIN, "{}", "sealed-" + kid);
  }

  private static KeyRing ring(KeyRing.Entry... entries) {
    return new KeyRing("kek", List.of(entries));
  }

  @Test
  @DisplayName("the key in force is the latest activated one; a pending key does not sign")
  void inForce() {
    KeyRing ring = ring(key("b", 100), key("a", 0), key("c", 200));
    assertEquals("a", ring.inForce(50).orElseThrow().keyId());
    assertEquals("b", ring.inForce(100).orElseThrow().keyId());
    assertEquals("c", ring.inForce(10_000).orElseThrow().keyId());
    assertTrue(ring.inForce(-1).isEmpty());
  }

  @Test
  @DisplayName("of two keys activated at once, the smaller kid is in force")
  void tieGoesToTheSmallerKid() {
    assertEquals("a", ring(key("b", 100), key("a", 100)).inForce(150).orElseThrow().keyId());
  }

  @Test
  @DisplayName("a retired key stays until its retirement plus the longest token lifetime")
  void retention() {
    KeyRing ring = ring(key("a", 0), key("b", P));
    KeyRing.Entry a = ring.entries().get(0);
    assertEquals(P, ring.retiresAt(a));
    assertEquals(P + RETAIN, ring.deletableAt(a, 0));
    assertEquals(P + 2 * RETAIN, ring.deletableAt(a, 2 * RETAIN), "the longer retention wins");
    assertEquals(2, ring.pruned(P + RETAIN - 1, 0).entries().size());
    assertEquals(List.of("b"), ids(ring.pruned(P + RETAIN, 0)));
    assertEquals(Long.MAX_VALUE, ring.deletableAt(ring.entries().get(1), 0), "b never retired");
  }

  @Test
  @DisplayName("a successor is needed once no key is pending, and activates one period after")
  void successor() {
    KeyRing ring = ring(key("a", 0), key("b", P));
    assertFalse(ring.needsSuccessor(P - 1));
    assertTrue(ring.needsSuccessor(P));
    assertEquals(2 * P, ring.successorActivation(P + 10, P), "in time: one period after b");
    assertEquals(P + P / 2 + 5 + P, ring.successorActivation(P + P / 2 + 5, P), "after a pause");
  }

  @Test
  @DisplayName("merging keeps every key of both, and one of two pending twins")
  void merge() {
    KeyRing mine = ring(key("a", 0), key("m", P));
    KeyRing theirs = ring(key("a", 0), key("t", P), key("x", 5));
    KeyRing merged = mine.merge(theirs, 10);
    assertEquals(List.of("a", "x", "m"), ids(merged), "t, m's pending twin, is dropped");
    assertEquals(ids(merged), ids(theirs.merge(mine, 10)), "the same either way round");
    KeyRing bothActive = ring(key("p", 0)).merge(ring(key("q", 0)), 10);
    assertEquals(List.of("p", "q"), ids(bothActive), "active twins may have signed: both kept");
  }

  @Test
  @DisplayName("the next change is the next activation or deletion")
  void nextChange() {
    KeyRing ring = ring(key("a", 0), key("b", P));
    assertEquals(P, ring.nextChange(10, 0));
    assertEquals(P + RETAIN, ring.nextChange(P, 0));
  }

  @Test
  @DisplayName("JSON round trip; anything else is refused with a clear message")
  void json() {
    KeyRing ring = ring(key("a", 0), key("b", P));
    assertEquals(ring, KeyRing.parse(ring.toJson()));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> KeyRing.parse("{\"keys\":3}"));
    assertTrue(e.getMessage().contains("not in the format"));
  }

  private static List<String> ids(KeyRing ring) {
    return ring.entries().stream().map(KeyRing.Entry::keyId).toList();
  }
}
