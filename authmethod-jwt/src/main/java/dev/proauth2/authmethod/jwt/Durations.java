package dev.proauth2.authmethod.jwt;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration as a person writes it in a property: the short form {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 2h} or {@code 1d} (a whole number and one unit), or ISO-8601 such as {@code
 * PT30S}. One grammar for every duration setting of this module.
 */
final class Durations {

  /** What a malformed value is told to look like. */
  static final String EXPECTED = "30s, 5m, 2h, 1d, 250ms, or ISO-8601 such as PT30S";

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * The duration the text spells, or empty when it spells none; a negative ISO-8601 duration is
   * read as such, for the caller's range check to refuse.
   */
  static Optional<Duration> parse(String text) {
    String value = text.trim();
    Matcher shortForm = SHORT.matcher(value);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      return Optional.of(Duration.of(amount, unit(shortForm.group(2))));
    }
    if (!value.toUpperCase(Locale.ROOT).matches("[-+]?P.*")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.parse(value));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static ChronoUnit unit(String unit) {
    switch (unit) {
      case "ms":
        return ChronoUnit.MILLIS;
      case "s":
        return ChronoUnit.SECONDS;
      case "m":
        return ChronoUnit.MINUTES;
      case "h":
        return ChronoUnit.HOURS;
      default:
        return ChronoUnit.DAYS;
    }
  }
}
