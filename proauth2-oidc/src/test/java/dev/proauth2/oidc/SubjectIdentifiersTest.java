package dev.proauth2.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.ApplicationType;
import dev.proauth2.ClientRegistration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Public and pairwise subject identifiers (OpenID Connect Core section 8). */
class SubjectIdentifiersTest {

  private static final byte[] SECRET = filled(7);

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static ClientRegistration client(String id, String... redirectUris) {
    return new ClientRegistration(
        id,
        null,
        id,
        List.of(redirectUris),
        "openid",
        List.of(),
        "none",
        false,
        List.of(),
        null,
        null,
        null,
        ApplicationType.WEB);
  }

  @Test
  @DisplayName("public identifiers are the user id, for every client")
  void publicIds() {
    SubjectIdentifiers ids = SubjectIdentifiers.publicIdentifiers();
    assertEquals("alice", ids.subject("alice", client("a", "https://a.example/cb")));
    assertEquals("alice", ids.subject("alice", client("b", "https://b.example/cb")));
    assertEquals("public", ids.type());
  }

  @Test
  @DisplayName("a pairwise identifier is stable, and never the user id")
  void stable() {
    SubjectIdentifiers ids = SubjectIdentifiers.pairwise(SECRET);
    ClientRegistration a = client("a", "https://a.example/cb");
    String first = ids.subject("alice", a);
    assertEquals(first, SubjectIdentifiers.pairwise(SECRET.clone()).subject("alice", a));
    assertFalse(first.contains("alice"));
    assertEquals(43, first.length(), "base64url of 256 bits");
    assertEquals("pairwise", ids.type());
  }

  @Test
  @DisplayName("two sectors see two identifiers; two clients of one sector see the same")
  void sectors() {
    SubjectIdentifiers ids = SubjectIdentifiers.pairwise(SECRET);
    String a = ids.subject("alice", client("a", "https://a.example/cb"));
    String b = ids.subject("alice", client("b", "https://b.example/cb"));
    String a2 = ids.subject("alice", client("a2", "https://a.example/other"));
    assertNotEquals(a, b);
    assertEquals(a, a2);
    assertNotEquals(a, ids.subject("bob", client("a", "https://a.example/cb")));
  }

  @Test
  @DisplayName("another secret gives other identifiers: without it they cannot be recomputed")
  void secret() {
    ClientRegistration a = client("a", "https://a.example/cb");
    assertNotEquals(
        SubjectIdentifiers.pairwise(SECRET).subject("alice", a),
        SubjectIdentifiers.pairwise(filled(8)).subject("alice", a));
  }

  @Test
  @DisplayName("a client with redirect URIs on two hosts gets identifiers of its own")
  void severalHosts() {
    SubjectIdentifiers ids = SubjectIdentifiers.pairwise(SECRET);
    ClientRegistration both = client("both", "https://a.example/cb", "https://b.example/cb");
    assertNotEquals(
        ids.subject("alice", client("a", "https://a.example/cb")), ids.subject("alice", both));
    assertEquals("client:both", SubjectIdentifiers.sector(both));
  }

  @Test
  @DisplayName("a secret shorter than 32 bytes is refused")
  void shortSecret() {
    assertThrows(IllegalArgumentException.class, () -> SubjectIdentifiers.pairwise(new byte[31]));
  }
}
