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
 * Where a {@code jdbc:} config string says the database is: the JDBC URL handed to the driver,
 * without the store's own options and without any user info, and the credentials. The store's
 * options ({@code poolSize}, {@code timeout}, {@code createSchema}, {@code sweepInterval}, {@code
 * sweepBatch}) are read into a {@link JdbcDataStores.Builder}, which checks their ranges. {@link
 * #toString()} shows no password.
 *
 * @param config the config string, for messages that quote its options
 * @param jdbcUrl the URL for the driver: the config string less the options below
 * @param user the {@code user} option or the user of the URL's user info, or null
 * @param password the {@code password} option or the password of the URL's user info, or null
 * @param dialect the database, from the URL's sub-protocol
 */
record JdbcSettings(
    DataStoreConfig config, String jdbcUrl, String user, String password, JdbcDialect dialect) {

  static final String SCHEME = "jdbc";
  static final String POOL_SIZE = "poolSize";
  static final String TIMEOUT = "timeout";
  static final String CREATE_SCHEMA = "createSchema";
  static final String SWEEP_INTERVAL = "sweepInterval";
  static final String SWEEP_BATCH = "sweepBatch";

  private static final String USER = "user";
  private static final String PASSWORD = "password";
  private static final Set<String> OWN =
      Set.of(POOL_SIZE, TIMEOUT, CREATE_SCHEMA, SWEEP_INTERVAL, SWEEP_BATCH, USER, PASSWORD);

  /**
   * Reads a {@code jdbc:} config string into a builder of a store on a pool of its own; the builder
   * checks the options' ranges when it builds. Nothing here does I/O.
   *
   * @throws Proauth2Exception {@code server_error} naming the option and the value as written
   */
  static JdbcDataStores.Builder builder(DataStoreConfig config) {
    JdbcDataStores.Builder builder = JdbcDataStores.builder(from(config)).clock(config.clock());
    config.option(POOL_SIZE).map(v -> number(POOL_SIZE, v)).ifPresent(builder::poolSize);
    config.option(TIMEOUT).map(v -> duration(TIMEOUT, v)).ifPresent(builder::timeout);
    config.option(CREATE_SCHEMA).map(JdbcSettings::bool).ifPresent(builder::createSchema);
    config
        .option(SWEEP_INTERVAL)
        .map(v -> duration(SWEEP_INTERVAL, v))
        .ifPresent(builder::sweepInterval);
    config.option(SWEEP_BATCH).map(v -> number(SWEEP_BATCH, v)).ifPresent(builder::sweepBatch);
    return builder;
  }

  /**
   * Reads where a {@code jdbc:} config string says the database is, and its credentials.
   *
   * @throws Proauth2Exception {@code server_error} naming what is wrong, never the password
   */
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
    return new JdbcSettings(config, jdbcUrl, user, password, dialect);
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

  /** Reads a whole number; its range is the builder's to check. */
  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      String range =
          option.equals(POOL_SIZE)
              ? JdbcDataStores.Builder.POOL_SIZE_RANGE
              : JdbcDataStores.Builder.SWEEP_BATCH_RANGE;
      throw invalid(option, value, "a whole number " + range);
    }
  }

  /**
   * Reads a duration in the config strings' one grammar ({@link DataStoreConfig#parseDuration}), or
   * {@code off} or {@code 0} for no sweeper; its range is the builder's to check.
   */
  private static Duration duration(String option, String value) {
    boolean sweep = option.equals(SWEEP_INTERVAL);
    if (sweep && (value.equals("off") || value.equals("0"))) {
      return Duration.ZERO;
    }
    return DataStoreConfig.parseDuration(value)
        .orElseThrow(
            () ->
                invalid(
                    option,
                    value,
                    (sweep ? "off, or a duration " : "a duration ")
                        + JdbcDataStores.Builder.DURATION_RANGE
                        + ": a whole number with ms, s, m, h or d, or ISO-8601 (PT30S), such as "
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

  /** A malformed option: the value as written, what would be right, and the store's options. */
  private static Proauth2Exception invalid(String option, String value, String expected) {
    return error(
        "has "
            + option
            + "='"
            + value
            + "'; it must be "
            + expected
            + ". The store's own options are poolSize, timeout, createSchema, sweepInterval,"
            + " sweepBatch, user and password; any other is passed on to the JDBC driver");
  }

  static Proauth2Exception error(String problem) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR, "The '" + SCHEME + ":' config " + problem + ".");
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
        + "]";
  }
}
