package dev.proauth2.oidc;

import dev.proauth2.ClientRegistration;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the {@code sub} a client sees is made from the host's user id (OpenID Connect Core section
 * 8): {@link #publicIdentifiers()}, the same for every client, or {@link #pairwise}, different for
 * each sector (the host of a client's redirect URIs), so clients of different owners cannot join
 * their records on it.
 */
public final class SubjectIdentifiers {

  private static final int MIN_SECRET = 32;

  private final byte[] secret;

  private SubjectIdentifiers(byte[] secret) {
    this.secret = secret;
  }

  /** The user id itself, for every client: {@code subject_type} {@code public}. */
  public static SubjectIdentifiers publicIdentifiers() {
    return new SubjectIdentifiers(null);
  }

  /**
   * A pairwise identifier per sector: base64url of HMAC-SHA-256 over the sector and the user id,
   * under a secret of the host's. Stable while the secret is; without the secret it cannot be
   * turned back into the user id or matched across sectors. A client whose redirect URIs are on
   * more than one host has no single sector, and gets its own identifiers (its client id stands in
   * for the sector).
   *
   * @param secret at least 32 random bytes, kept as long as the identifiers must stay the same
   * @throws IllegalArgumentException for a shorter secret
   */
  public static SubjectIdentifiers pairwise(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET) {
      throw new IllegalArgumentException(
          "the pairwise subject secret must have at least " + MIN_SECRET + " bytes");
    }
    return new SubjectIdentifiers(secret.clone());
  }

  /** {@code public} or {@code pairwise}, as {@code subject_types_supported} names it. */
  public String type() {
    return secret == null ? "public" : "pairwise";
  }

  /** The {@code sub} this client sees for this user. */
  public String subject(String userId, ClientRegistration client) {
    Objects.requireNonNull(userId, "userId");
    if (secret == null) {
      return userId;
    }
    String input = sector(client) + " " + userId;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /**
   * The sector identifier: the one host of the client's redirect URIs (section 8.1), else the
   * client id.
   */
  static String sector(ClientRegistration client) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String uri : client.redirectUris()) {
      try {
        hosts.add(String.valueOf(URI.create(uri).getHost()));
      } catch (IllegalArgumentException e) {
        hosts.add(uri);
      }
    }
    return hosts.size() == 1 ? hosts.iterator().next() : "client:" + client.clientId();
  }

  @Override
  public String toString() {
    return "SubjectIdentifiers[" + type() + "]";
  }
}
