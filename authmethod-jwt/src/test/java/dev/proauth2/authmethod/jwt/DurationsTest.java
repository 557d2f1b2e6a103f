package dev.proauth2.authmethod.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar of the module's properties: the short form and ISO-8601. */
class DurationsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "1d, PT24H",
    "0s, PT0S",
    "' 45s ', PT45S",
    "PT30S, PT30S",
    "pt2m, PT2M",
    "P1D, PT24H",
    "-PT1S, PT-1S"
  })
  @DisplayName("the short form (a whole number and ms, s, m, h or d) and ISO-8601 are read")
  void reads(String text, String expected) {
    assertEquals(Optional.of(Duration.parse(expected)), Durations.parse(text));
  }

  @ParameterizedTest(name = "''{0}'' is no duration")
  @ValueSource(
      strings = {"", "30", "s", "30 s", "30sec", "1w", "30S", "1.5s", "-5s", "PT", "P1Y", "later"})
  @DisplayName("anything else is no duration, for the caller to quote in its error")
  void refuses(String text) {
    assertEquals(Optional.empty(), Durations.parse(text));
  }
}
