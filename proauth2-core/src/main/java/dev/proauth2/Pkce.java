package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.SecretHashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Proof Key for Code Exchange (RFC 7636). */
final class Pkce {

  private Pkce() {}

  /** Checks a code challenge for its method: S256 is 43 base64url characters. */
  static void checkChallenge(String challenge, CodeChallengeMethod method) {
    if (!isVerifierShaped(challenge)
        || method == CodeChallengeMethod.S256
            && (challenge.length() != 43 || !Inputs.isBase64Url(challenge))) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "code_challenge is malformed; for S256 it is the base64url SHA-256 of the"
              + " code_verifier, 43 characters");
    }
  }

  /** Checks a verifier's shape: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~] (section 4.1). */
  static void checkVerifier(String verifier) {
    if (!isVerifierShaped(verifier)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'");
    }
  }

  /** Whether the verifier answers the challenge, compared in constant time. */
  static boolean verifies(String verifier, String challenge, CodeChallengeMethod method) {
    String expected =
        switch (method) {
          case S256 -> SecretHashes.sha256(verifier);
          case PLAIN -> verifier;
        };
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        challenge.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean isVerifierShaped(String value) {
    if (value == null || value.length() < 43 || value.length() > 128) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean unreserved =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!unreserved) {
        return false;
      }
    }
    return true;
  }
}
