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

/**
 * What a {@code jdbc:} config string asks for: the JDBC URL handed to the driver, without the
 * store's own options and without any user info, and those options with their defaults. {@link
 * #toString()} shows no password.
 *
 * @param jdbcUrl the URL for the driver: the config string less the options below
 * @param user the {@code user} option or the user of the URL's user info, or null
 * @param password the {@code password} option or the password of the URL's user info, or null
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
  private static final Duration MIN_DURATION = Duration.ofMillis(250);
  private static final Duration MAX_DURATION = Duration.ofHours(24);

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
    int slashes = base.indexOf("//");
    // H2's settings follow ';' and may hold an '@' (USER=me@corp); a user info comes before them.
    int end =
        dialect == JdbcDialect.H2 && base.indexOf(';') >= 0 ? base.indexOf(';') : base.length();
    int at = slashes < 0 ? -1 : base.lastIndexOf('@', end - 1);
    if (at > slashes) {
      // user[:password]@host, which MySQL's drivers take, up to the last '@' so that a raw '/',
      // '@' or ':' in the password is read whole. Handed to the pool like the options, so the URL
      // the driver and any log of it see carries no password.
      String userInfo = base.substring(slashes + 2, at);
      int colon = userInfo.indexOf(':');
      String infoUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      String infoPassword = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      if (!infoUser.isEmpty()) {
        if (user != null) {
          throw twice("user name", USER);
        }
        user = infoUser;
      }
      if (infoPassword != null) {
        if (password != null) {
          throw twice("password", PASSWORD);
        }
        password = infoPassword;
      }
      base = base.substring(0, slashes + 2) + base.substring(at + 1);
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

  /** Decodes %XX escapes; '+' stays '+', as in every proauth2 config string. */
  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // URLDecoder's message quotes the text: a password.
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "The 'jdbc:' config has a malformed percent-encoding in the user:password@ of its URL;"
              + " write a '%' as %25.");
    }
  }

  private static Proauth2Exception twice(String what, String option) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "The 'jdbc:' config gives a "
            + what
            + " both in the URL's user:password@ and as "
            + option
            + "=; give it once.");
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

  /**
   * A duration in the config strings' one grammar ({@link DataStoreConfig#parseDuration}), from 250
   * ms to 24 hours; {@code off} or {@code 0} if allowed.
   */
  private static Duration duration(String option, String value, boolean offAllowed) {
    if (offAllowed && (value.equals("off") || value.equals("0"))) {
      return Duration.ZERO;
    }
    return DataStoreConfig.parseDuration(value)
        .filter(d -> d.compareTo(MIN_DURATION) >= 0 && d.compareTo(MAX_DURATION) <= 0)
        .orElseThrow(
            () ->
                invalid(
                    option,
                    value,
                    "a duration from 250ms to 24h, a whole number with ms, s, m, h or d or"
                        + " ISO-8601 (PT30S)"
                        + (offAllowed ? ", or off" : "")
                        + ", such as "
                        + option
                        + "=30s"));
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

  @Override
  public String toString() {
    return "JdbcSettings[url="
        + DataStoreConfig.redact(jdbcUrl)
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
