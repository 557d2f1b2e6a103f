package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("jdbc: config strings")
class JdbcSettingsTest {

  private static final String PASSWORD = "hunter2-never-shown";

  private static JdbcSettings parse(String uri) {
    return JdbcSettings.from(DataStoreConfig.parse(uri));
  }

  /** What the builder a config string filled would open a store with; nothing connects. */
  private static JdbcDataStores.Options options(String uri) {
    return JdbcSettings.builder(DataStoreConfig.parse(uri)).options();
  }

  /** The refusal of a config string, by the parser or by the builder it fills; nothing connects. */
  private static String refusal(String uri) {
    Proauth2Exception refused = assertThrows(Proauth2Exception.class, () -> options(uri));
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
    return refused.description();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "jdbc:postgresql://db:5432/auth, POSTGRESQL",
    "jdbc:mysql://db:3306/auth, MYSQL",
    "jdbc:mariadb://db/auth, MYSQL",
    "jdbc:h2:mem:auth, H2",
    "JDBC:PostgreSQL://db/auth, POSTGRESQL"
  })
  @DisplayName("the dialect comes from the JDBC URL's sub-protocol")
  void dialect(String uri, JdbcDialect dialect) {
    assertEquals(dialect, parse(uri).dialect());
  }

  @Test
  @DisplayName("with no options, the defaults: pool of 10, 2s, schema created, sweep every minute")
  void defaults() {
    JdbcSettings settings = parse("jdbc:postgresql://db/auth");
    assertEquals("jdbc:postgresql://db/auth", settings.jdbcUrl());
    assertNull(settings.user());
    JdbcDataStores.Options options = options("jdbc:postgresql://db/auth");
    assertEquals(JdbcDialect.POSTGRESQL, options.dialect());
    assertEquals(10, options.poolSize());
    assertEquals(Duration.ofSeconds(2), options.timeout());
    assertTrue(options.createSchema());
    assertEquals(Duration.ofMinutes(1), options.sweepInterval());
    assertEquals(1000, options.sweepBatch());
  }

  @Test
  @DisplayName("the config's clock is the store's")
  void clock() {
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    DataStoreConfig config = DataStoreConfig.parse("jdbc:h2:mem:a", clock);
    assertEquals(clock, JdbcSettings.builder(config).options().clock());
  }

  @Test
  @DisplayName("the store's options are taken out of the URL; the driver's stay in it, as written")
  void ownOptionsTakenOut() {
    String uri =
        "jdbc:postgresql://db/auth?sslmode=require&poolSize=4&user=svc&password=s3cr%40t"
            + "&timeout=500ms&createSchema=false&sweepInterval=off&sweepBatch=50"
            + "&ApplicationName=my%20app";
    JdbcSettings settings = parse(uri);
    assertEquals(
        "jdbc:postgresql://db/auth?sslmode=require&ApplicationName=my%20app", settings.jdbcUrl());
    assertEquals("svc", settings.user());
    assertEquals("s3cr@t", settings.password());
    JdbcDataStores.Options options = options(uri);
    assertEquals(4, options.poolSize());
    assertEquals(Duration.ofMillis(500), options.timeout());
    assertFalse(options.createSchema());
    assertEquals(Duration.ZERO, options.sweepInterval());
    assertEquals(50, options.sweepBatch());
  }

  @Test
  @DisplayName("user:password@ in a URL goes to the pool, so the URL it holds has no password")
  void userInfoTakenOut() {
    JdbcSettings settings = parse("jdbc:mysql://svc:s3cr%40t@db:3306/auth?useSSL=true");
    assertEquals("jdbc:mysql://db:3306/auth?useSSL=true", settings.jdbcUrl());
    assertEquals("svc", settings.user());
    assertEquals("s3cr@t", settings.password());
  }

  @Test
  @DisplayName("an H2 URL keeps its ;settings and loses the ?options the driver would not take")
  void h2() {
    assertEquals(
        "jdbc:h2:mem:auth;DB_CLOSE_DELAY=-1",
        parse("jdbc:h2:mem:auth;DB_CLOSE_DELAY=-1?poolSize=2").jdbcUrl());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "poolSize=many | a whole number from 1 to 1000",
        "poolSize=99999999999 | a whole number from 1 to 1000",
        "poolSize=1.5 | a whole number from 1 to 1000",
        "sweepBatch=lots | a whole number from 1 to 100000",
        "timeout=2 | a duration from 250 ms to 24 hours: a whole number with ms, s, m, h or d,"
            + " or ISO-8601 (PT30S), such as timeout=30s",
        "timeout=off | a duration from 250 ms to 24 hours",
        "timeout=-PT5S | a duration from 250 ms to 24 hours",
        "timeout=5S | a duration from 250 ms to 24 hours",
        "timeout=1w | a duration from 250 ms to 24 hours",
        "timeout=1234567890ms | a duration from 250 ms to 24 hours",
        "sweepInterval=never | off, or a duration from 250 ms to 24 hours: a whole number with ms,"
            + " s, m, h or d, or ISO-8601 (PT30S), such as sweepInterval=30s",
        "createSchema=yes | true or false"
      })
  @DisplayName("a malformed option is a server_error quoting it as written, with what would do")
  void malformedOption(String option, String expected) {
    String message = refusal("jdbc:postgresql://svc:" + PASSWORD + "@db/a?" + option);
    String name = option.substring(0, option.indexOf('='));
    String value = option.substring(option.indexOf('=') + 1);
    assertTrue(
        message.startsWith(
            "The 'jdbc:' config has " + name + "='" + value + "'; it must be " + expected),
        message);
    assertTrue(message.contains("any other is passed on to the JDBC driver"), message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "poolSize=0 | from 1 to 1000",
        "poolSize=1001 | from 1 to 1000",
        "poolSize=-3 | from 1 to 1000",
        "timeout=249ms | from 250 ms to 24 hours",
        "timeout=PT0.2499S | from 250 ms to 24 hours",
        "timeout=0s | from 250 ms to 24 hours",
        "timeout=25h | from 250 ms to 24 hours",
        "timeout=86400001ms | from 250 ms to 24 hours",
        "timeout=2d | from 250 ms to 24 hours",
        "sweepInterval=249ms | zero (no sweeper) or from 250 ms to 24 hours",
        "sweepInterval=PT24H0.001S | zero (no sweeper) or from 250 ms to 24 hours",
        "sweepInterval=1441m | zero (no sweeper) or from 250 ms to 24 hours",
        "sweepBatch=0 | from 1 to 100000",
        "sweepBatch=100001 | from 1 to 100000"
      })
  @DisplayName("an option out of range is refused by the builder, quoting the option as written")
  void optionOutOfRange(String option, String range) {
    String name = option.substring(0, option.indexOf('='));
    String value = option.substring(option.indexOf('=') + 1);
    assertEquals(
        "The 'jdbc:' config has "
            + name
            + "='"
            + value
            + "'; the "
            + name
            + " must be "
            + range
            + ".",
        refusal("jdbc:mysql://svc:" + PASSWORD + "@db/a?" + option));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "poolSize=1, 1",
    "poolSize=1000, 1000",
    "sweepBatch=1, 1",
    "sweepBatch=100000, 100000"
  })
  @DisplayName("the builder's bounds hold for numbers written in a config string")
  void numberBounds(String option, int expected) {
    JdbcDataStores.Options options = options("jdbc:h2:mem:a?" + option);
    assertEquals(
        expected, option.startsWith("poolSize") ? options.poolSize() : options.sweepBatch());
  }

  @Test
  @DisplayName("a range error from the provider comes before any connection")
  void rangeCheckedBeforeConnecting() {
    // Nothing listens on port 1: a connection attempt would be temporarily_unavailable.
    Proauth2Exception e =
        assertThrows(
            Proauth2Exception.class,
            () ->
                new JdbcDataStoreProvider()
                    .open(DataStoreConfig.parse("jdbc:postgresql://127.0.0.1:1/a?sweepBatch=0")));
    assertEquals(Proauth2Exception.SERVER_ERROR, e.error());
    assertEquals(
        "The 'jdbc:' config has sweepBatch='0'; the sweepBatch must be from 1 to 100000.",
        e.description());
  }

  @Test
  @DisplayName("a database the store does not speak is a server_error that lists the ones it does")
  void unknownDatabase() {
    Proauth2Exception e =
        assertThrows(Proauth2Exception.class, () -> parse("jdbc:oracle:thin:@db:1521/x"));
    assertTrue(e.getMessage().contains("'oracle'"), e.getMessage());
    assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "timeout=250ms, PT0.25S",
    "timeout=30s, PT30S",
    "timeout=5m, PT5M",
    "timeout=2h, PT2H",
    "timeout=1d, PT24H",
    "timeout=86400000ms, PT24H",
    "timeout=PT45S, PT45S",
    "timeout=pt1m30s, PT1M30S",
    "sweepInterval=250ms, PT0.25S",
    "sweepInterval=P1D, PT24H",
    "sweepInterval=off, PT0S",
    "sweepInterval=0, PT0S",
    "sweepInterval=0s, PT0S"
  })
  @DisplayName("durations take the config strings' one grammar: ms, s, m, h, d, or ISO-8601")
  void durations(String option, Duration expected) {
    JdbcDataStores.Options options = options("jdbc:h2:mem:a?" + option);
    assertEquals(
        expected, option.startsWith("timeout") ? options.timeout() : options.sweepInterval());
  }

  @Test
  @DisplayName(
      "a password with a raw '/', '@' and ':' in user info is read whole, up to the last '@'")
  void rawCharactersInUserInfo() {
    JdbcSettings settings = parse("jdbc:mysql://svc:my/raw@pw:x@db:3306/auth?useSSL=true");
    assertEquals("jdbc:mysql://db:3306/auth?useSSL=true", settings.jdbcUrl());
    assertEquals("svc", settings.user());
    assertEquals("my/raw@pw:x", settings.password());
  }

  @Test
  @DisplayName("a user in user info and a password option are combined, the URL keeps neither")
  void userInfoUserAndPasswordOption() {
    JdbcSettings settings = parse("jdbc:mysql://svc@db/auth?password=hunter2");
    assertEquals("jdbc:mysql://db/auth", settings.jdbcUrl());
    assertEquals("svc", settings.user());
    assertEquals("hunter2", settings.password());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jdbc:mysql://svc:hunter2@db/auth?user=svc",
        "jdbc:mysql://svc:hunter2@db/auth?password=other",
        "jdbc:mysql://:hunter2@db/auth?password=other"
      })
  @DisplayName("credentials both in user info and as options are refused, quoting neither")
  void credentialsTwice(String uri) {
    Proauth2Exception e = assertThrows(Proauth2Exception.class, () -> parse(uri));
    assertEquals("server_error", e.error());
    assertTrue(e.getMessage().contains("give it once"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertFalse(e.getMessage().contains("other"), e.getMessage());
  }

  @Test
  @DisplayName("a malformed escape in user info is refused without quoting the password")
  void malformedEscape() {
    Proauth2Exception e =
        assertThrows(Proauth2Exception.class, () -> parse("jdbc:mysql://svc:qx%zzv@db/auth"));
    assertFalse(e.getMessage().contains("qx"), e.getMessage());
    assertFalse(e.getMessage().contains("zzv"), e.getMessage());
  }

  @Test
  @DisplayName("an '@' in an H2 setting is no user info: the URL reaches the driver as written")
  void h2SettingWithAt() {
    JdbcSettings settings = parse("jdbc:h2:tcp://db:9092/~/auth;USER=me@corp;PASSWORD=hunter2");
    assertEquals("jdbc:h2:tcp://db:9092/~/auth;USER=me@corp;PASSWORD=hunter2", settings.jdbcUrl());
    assertNull(settings.user());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jdbc:mysql://svc:hunter2@db/auth?password2=hunter2",
        "jdbc:mysql://db/auth?user=svc&password1=hunter2&password3=hunter2",
        "jdbc:mysql://db/auth?trustCertificateKeyStorePassword=hunter2&user=svc",
        "jdbc:postgresql://db/auth?user=svc&sslpassword=hunter2",
        "jdbc:mariadb://db/auth?keyStorePassword=hunter2",
        "jdbc:h2:tcp://db/auth;USER=sa;PASSWORD=hunter2"
      })
  @DisplayName("the settings' toString hides every password the drivers read")
  void toStringFollowsTheRule(String uri) {
    String shown = parse(uri).toString();
    assertFalse(shown.contains("hunter2"), shown);
    assertTrue(shown.contains("REDACTED"), shown);
  }

  @Test
  @DisplayName("the settings' toString shows no password")
  void toStringHidesPassword() {
    String shown = parse("jdbc:postgresql://db/auth?user=svc&password=hunter2").toString();
    assertFalse(shown.contains("hunter2"), shown);
  }
}
