package dev.proauth2.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standard scope-to-claims mapping (OpenID Connect Core section 5.4), and the checks on the
 * host's values: only the claims a granted scope names leave the server, each of a JSON type.
 */
final class StandardClaims {

  /** The scopes OpenID Connect defines claims for, and what each reveals. */
  static final Map<String, List<String>> BY_SCOPE =
      Map.of(
          "profile",
          List.of(
              "name",
              "family_name",
              "given_name",
              "middle_name",
              "nickname",
              "preferred_username",
              "profile",
              "picture",
              "website",
              "gender",
              "birthdate",
              "zoneinfo",
              "locale",
              "updated_at"),
          "email",
          List.of("email", "email_verified"),
          "address",
          List.of("address"),
          "phone",
          List.of("phone_number", "phone_number_verified"));

  /** Every claim the provider may answer, {@code sub} first, for {@code claims_supported}. */
  static final List<String> SUPPORTED =
      List.of(
          "sub",
          "iss",
          "aud",
          "exp",
          "iat",
          "auth_time",
          "nonce",
          "acr",
          "amr",
          "azp",
          "at_hash",
          "name",
          "family_name",
          "given_name",
          "middle_name",
          "nickname",
          "preferred_username",
          "profile",
          "picture",
          "website",
          "gender",
          "birthdate",
          "zoneinfo",
          "locale",
          "updated_at",
          "email",
          "email_verified",
          "address",
          "phone_number",
          "phone_number_verified");

  /** The longest claim value written, in characters. */
  static final int MAX_VALUE = 2048;

  private StandardClaims() {}

  /**
   * The host's claims that the scopes allow, in the order the mapping lists them; a value of a type
   * JSON cannot carry, or too long, is left out rather than sent.
   */
  static Map<String, Object> allowed(Map<String, Object> claims, Set<String> scopes) {
    Map<String, Object> allowed = new LinkedHashMap<>();
    if (claims == null) {
      return allowed;
    }
    for (String scope : List.of("profile", "email", "address", "phone")) {
      if (!scopes.contains(scope)) {
        continue;
      }
      for (String name : BY_SCOPE.get(scope)) {
        Object value = claims.get(name);
        if (fits(value, name.equals("address"))) {
          allowed.put(name, value);
        }
      }
    }
    return allowed;
  }

  private static boolean fits(Object value, boolean structured) {
    if (value instanceof String text) {
      return text.length() <= MAX_VALUE;
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      return true;
    }
    if (structured && value instanceof Map<?, ?> map) {
      return map.size() <= 16
          && map.entrySet().stream()
              .allMatch(e -> e.getKey() instanceof String && fits(e.getValue(), false));
    }
    return false;
  }
}
