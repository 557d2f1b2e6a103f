package dev.proauth2.datastore.jdbc;

import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code jdbc:} config string asks for: the JDBC URL handed to the driver, without the
 * store's own options, and those options with their defaults. {@link #toString()} shows no
 * password.
 *
 * @param jdbcUrl the URL for the driver: the config string less the options below
 * @param user the {@code user} option, or null when the URL carries it or none is needed
 * @param password the {@code password} option, or null
 * @param dialect the database, from the URL's sub-protocol
 * @param poolSize the most connections the pool holds
 * @param timeout the longest wait for a connection or an answer
 * @param createSchema whether to run the dialect's schema file at open
 * @param sweepInterval the pause between sweeps of expired rows; zero for none
 * @param sweepBatch the most rows one delete of the sweeper removes
 */
record JdbcSettings(
    String jdbcUrl,
    String user,
    String password,
    JdbcDialect dialect,
    int poolSize,
    Duration timeout,
    boolean createSchema,
    Duration sweepInterval,
    int sweepBatch) {

  static final String SCHEME = "jdbc";
  static final int DEFAULT_POOL_SIZE = 10;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
  static final int DEFAULT_SWEEP_BATCH = 1000;

  private static final String POOL_SIZE = "poolSize";
  private static final String TIMEOUT = "timeout";
  private static final String CREATE_SCHEMA = "createSchema";
  private static final String SWEEP_INTERVAL = "sweepInterval";
  private static final String SWEEP_BATCH = "sweepBatch";
  private static final String USER = "user";
  private static final String PASSWORD = "password";
  private static final Set<String> OWN =
      Set.of(POOL_SIZE, TIMEOUT, CREATE_SCHEMA, SWEEP_INTERVAL, SWEEP_BATCH, USER, PASSWORD);
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");
  private static final Pattern USER_INFO = Pattern.compile("(//)([^/:@?]+):([^/@?]*)@");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)(//[^/:@?]*:)[^@/?]*@|((?:password|pwd)=)[^&;?]*");

  /** Parses a {@code jdbc:} config string; every option is checked here, before any I/O. */
  static JdbcSettings from(DataStoreConfig config) {
    String uri = config.uri();
    int query = uri.indexOf('?');
    String base = query < 0 ? uri : uri.substring(0, query);
    JdbcDialect dialect = JdbcDialect.ofUrl(base);
    List<String> passedOn = new ArrayList<>();
    if (query >= 0) {
      for (String pair : uri.substring(query + 1).split("&", -1)) {
        int equals = pair.indexOf('=');
        if (!OWN.contains(equals < 0 ? pair : pair.substring(0, equals))) {
          passedOn.add(pair);
        }
      }
    }
    String user = config.option(USER).orElse(null);
    String password = config.option(PASSWORD).orElse(null);
    Matcher userInfo = USER_INFO.matcher(base);
    if (userInfo.find() && user == null && password == null) {
      // user:password@host (MySQL's drivers take it): handed to the pool like the options, so
      // the URL the pool holds, and may log, carries no password.
      user = decode(userInfo.group(2));
      password = decode(userInfo.group(3));
      base =
          base.substring(0, userInfo.start()) + userInfo.group(1) + base.substring(userInfo.end());
    }
    String jdbcUrl = passedOn.isEmpty() ? base : base + "?" + String.join("&", passedOn);
    return new JdbcSettings(
        jdbcUrl,
        user,
        password,
        dialect,
        config.option(POOL_SIZE).map(v -> number(POOL_SIZE, v, 1, 1000)).orElse(DEFAULT_POOL_SIZE),
        config.option(TIMEOUT).map(v -> duration(TIMEOUT, v, false)).orElse(DEFAULT_TIMEOUT),
        config.option(CREATE_SCHEMA).map(JdbcSettings::bool).orElse(true),
        config
            .option(SWEEP_INTERVAL)
            .map(v -> duration(SWEEP_INTERVAL, v, true))
            .orElse(DEFAULT_SWEEP_INTERVAL),
        config
            .option(SWEEP_BATCH)
            .map(v -> number(SWEEP_BATCH, v, 1, 100_000))
            .orElse(DEFAULT_SWEEP_BATCH));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below, with the bounds
    }
    throw invalid(option, value, "a whole number from " + min + " to " + max);
  }

  /** A whole number of {@code ms}, {@code s} or {@code m}; {@code off} or {@code 0} if allowed. */
  private static Duration duration(String option, String value, boolean offAllowed) {
    if (offAllowed && (value.equals("off") || value.equals("0"))) {
      return Duration.ZERO;
    }
    Matcher matcher = DURATION.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      Duration duration =
          switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
          };
      if (duration.toMillis() >= 250 && duration.compareTo(Duration.ofHours(24)) <= 0) {
        return duration;
      }
    }
    throw invalid(
        option,
        value,
        "a whole number with ms, s or m, from 250ms to 24 hours"
            + (offAllowed ? ", or off" : "")
            + ", such as "
            + option
            + "=30s");
  }

  private static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(CREATE_SCHEMA, value, "true or false");
    };
  }

  private static Proauth2Exception invalid(String option, String value, String expected) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "The 'jdbc:' config has "
            + option
            + "="
            + value
            + "; it must be "
            + expected
            + ". The store's own options are poolSize, timeout, createSchema, sweepInterval,"
            + " sweepBatch, user and password; any other is passed on to the JDBC driver.");
  }

  /** A JDBC URL with any password in it, as user info or as an option, replaced by REDACTED. */
  static String redact(String jdbcUrl) {
    Matcher matcher = URL_PASSWORD.matcher(jdbcUrl);
    StringBuilder redacted = new StringBuilder();
    while (matcher.find()) {
      String kept = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
      matcher.appendReplacement(
          redacted,
          Matcher.quoteReplacement(kept + "REDACTED" + (matcher.group(1) != null ? "@" : "")));
    }
    return matcher.appendTail(redacted).toString();
  }

  @Override
  public String toString() {
    return "JdbcSettings[url="
        + redact(jdbcUrl)
        + ", user="
        + user
        + ", password="
        + (password == null ? "null" : "REDACTED")
        + ", dialect="
        + dialect
        + ", poolSize="
        + poolSize
        + ", timeout="
        + timeout
        + ", createSchema="
        + createSchema
        + ", sweepInterval="
        + sweepInterval
        + ", sweepBatch="
        + sweepBatch
        + "]";
  }
}
