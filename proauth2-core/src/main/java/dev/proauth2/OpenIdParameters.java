package dev.proauth2;

import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenID Connect parameters of an authorization request (OpenID Connect Core 1.0 section
 * 3.1.2.1), checked and surfaced to the host's login and consent step: the engine stores the {@code
 * nonce} with the code for the ID token and holds {@code max_age} against the sign-in the host
 * reports; the others tell the host how to run its page.
 *
 * @param nonce the client's value to echo in the ID token, or {@code null}
 * @param prompt what the client asked the host to do or not to do; empty for no {@code prompt}
 * @param maxAge the longest time since the user last signed in that the client accepts, or {@code
 *     null}
 * @param loginHint who the client thinks is signing in, or {@code null}
 * @param idTokenHint an ID token the client holds for the user, as sent (unverified), or {@code
 *     null}
 * @param uiLocales the languages the client prefers, space-separated BCP 47 tags, or {@code null}
 * @param display how the client shows the page: {@code page}, {@code popup}, {@code touch} or
 *     {@code wap}, or {@code null}
 * @param acrValues the authentication context classes the client asks for, space-separated, or
 *     {@code null}
 */
public record OpenIdParameters(
    String nonce,
    Set<Prompt> prompt,
    Duration maxAge,
    String loginHint,
    String idTokenHint,
    String uiLocales,
    String display,
    String acrValues) {

  /** No OpenID Connect parameter at all. */
  public static final OpenIdParameters NONE =
      new OpenIdParameters(null, Set.of(), null, null, null, null, null, null);

  /** The error when the user must sign in first (section 3.1.2.6). */
  public static final String LOGIN_REQUIRED = "login_required";

  /** The error when the user must consent first (section 3.1.2.6). */
  public static final String CONSENT_REQUIRED = "consent_required";

  /** The error when the user must do something else first (section 3.1.2.6). */
  public static final String INTERACTION_REQUIRED = "interaction_required";

  /** The error when the user must choose an account first (section 3.1.2.6). */
  public static final String ACCOUNT_SELECTION_REQUIRED = "account_selection_required";

  /** The longest {@code id_token_hint} accepted. */
  public static final int MAX_ID_TOKEN_HINT = 16 * 1024;

  /** The longest {@code max_age}: a year. */
  public static final Duration MAX_MAX_AGE = Duration.ofDays(366);

  /** The values of {@code prompt} (section 3.1.2.1). */
  public enum Prompt {
    /** Show no page: answer with an error if the user would have to do anything. */
    NONE("none"),
    /** Ask the user to sign in again, even if signed in. */
    LOGIN("login"),
    /** Ask the user for consent again, even if given before. */
    CONSENT("consent"),
    /** Let the user choose among the accounts signed in. */
    SELECT_ACCOUNT("select_account");

    private final String value;

    Prompt(String value) {
      this.value = value;
    }

    /** The parameter value, such as {@code select_account}. */
    public String value() {
      return value;
    }

    /** The value a parameter names, if any; values are case-sensitive. */
    public static Optional<Prompt> fromValue(String value) {
      for (Prompt prompt : values()) {
        if (prompt.value.equals(value)) {
          return Optional.of(prompt);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Checks every value: bounded, printable, {@code prompt=none} alone, {@code display} one of the
   * four.
   *
   * @throws Proauth2Exception {@code invalid_request} naming the parameter at fault
   */
  public OpenIdParameters {
    prompt =
        prompt == null || prompt.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(prompt));
    if (prompt.contains(Prompt.NONE) && prompt.size() > 1) {
      throw invalid("prompt=none cannot be combined with other prompt values");
    }
    check(nonce, "nonce", Table.MAX_ID);
    check(loginHint, "login_hint", Table.MAX_ID);
    check(uiLocales, "ui_locales", Table.MAX_ID);
    check(acrValues, "acr_values", Table.MAX_ID);
    if (idTokenHint != null
        && (idTokenHint.isEmpty()
            || idTokenHint.length() > MAX_ID_TOKEN_HINT
            || !idTokenHint.chars().allMatch(c -> c == '.' || base64url(c)))) {
      throw invalid("id_token_hint is not a compact JWT of at most " + MAX_ID_TOKEN_HINT);
    }
    if (maxAge != null && (maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0)) {
      throw invalid("max_age must be 0 to " + MAX_MAX_AGE.toSeconds() + " seconds");
    }
    if (display != null && !Set.of("page", "popup", "touch", "wap").contains(display)) {
      throw invalid("display must be page, popup, touch or wap");
    }
  }

  /**
   * Reads the parameters as a request sends them.
   *
   * @throws Proauth2Exception {@code invalid_request} for an unknown {@code prompt} value, a {@code
   *     max_age} that is not a non-negative number of seconds, or any value the constructor refuses
   */
  public static OpenIdParameters parse(
      String nonce,
      String prompt,
      String maxAge,
      String loginHint,
      String idTokenHint,
      String uiLocales,
      String display,
      String acrValues) {
    Set<Prompt> prompts = EnumSet.noneOf(Prompt.class);
    if (prompt != null) {
      if (prompt.length() > Table.MAX_ID) {
        throw invalid("prompt is longer than " + Table.MAX_ID + " characters");
      }
      for (String value : prompt.split(" ", -1)) {
        prompts.add(
            Prompt.fromValue(value)
                .orElseThrow(
                    () ->
                        invalid(
                            "prompt values must be none, login, consent or select_account,"
                                + " separated by single spaces")));
      }
    }
    Duration age = null;
    if (maxAge != null) {
      if (maxAge.isEmpty() || maxAge.length() > 9 || !maxAge.chars().allMatch(Character::isDigit)) {
        throw invalid("max_age must be a non-negative number of seconds");
      }
      age = Duration.ofSeconds(Long.parseLong(maxAge));
    }
    return new OpenIdParameters(
        nonce, prompts, age, loginHint, idTokenHint, uiLocales, display, acrValues);
  }

  /**
   * Reads the parameters by name from wherever a request keeps them (a query, a pushed request's
   * form), as {@link #parse(String, String, String, String, String, String, String, String)} does.
   *
   * @param parameter the value of a parameter by its name, or {@code null} when it was not sent
   */
  public static OpenIdParameters parse(java.util.function.Function<String, String> parameter) {
    return parse(
        parameter.apply("nonce"),
        parameter.apply("prompt"),
        parameter.apply("max_age"),
        parameter.apply("login_hint"),
        parameter.apply("id_token_hint"),
        parameter.apply("ui_locales"),
        parameter.apply("display"),
        parameter.apply("acr_values"));
  }

  /** Whether the client asked for no page at all ({@code prompt=none}). */
  public boolean promptNone() {
    return prompt.contains(Prompt.NONE);
  }

  /** The nonce, when the client sent one. */
  public Optional<String> optionalNonce() {
    return Optional.ofNullable(nonce);
  }

  /** The {@code ui_locales} as locales, most preferred first; empty when none were sent. */
  public List<Locale> locales() {
    if (uiLocales == null) {
      return List.of();
    }
    List<Locale> locales = new ArrayList<>();
    for (String tag : uiLocales.split(" ")) {
      if (!tag.isEmpty()) {
        locales.add(Locale.forLanguageTag(tag));
      }
    }
    return List.copyOf(locales);
  }

  @Override
  public String toString() {
    return "OpenIdParameters[nonce="
        + (nonce == null ? "none" : "present")
        + ", prompt="
        + prompt
        + ", maxAge="
        + maxAge
        + ", idTokenHint="
        + (idTokenHint == null ? "none" : "present")
        + ", display="
        + display
        + "]";
  }

  private static void check(String value, String name, int max) {
    if (value != null) {
      Inputs.text(value, name, max, Proauth2Exception.INVALID_REQUEST);
    }
  }

  private static boolean base64url(int c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '_';
  }

  private static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, description);
  }
}
