package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("jdbc: config strings")
class JdbcSettingsTest {

  private static JdbcSettings parse(String uri) {
    return JdbcSettings.from(DataStoreConfig.parse(uri));
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
    assertEquals(10, settings.poolSize());
    assertEquals(Duration.ofSeconds(2), settings.timeout());
    assertTrue(settings.createSchema());
    assertEquals(Duration.ofMinutes(1), settings.sweepInterval());
    assertEquals(1000, settings.sweepBatch());
    assertNull(settings.user());
  }

  @Test
  @DisplayName("the store's options are taken out of the URL; the driver's stay in it, as written")
  void ownOptionsTakenOut() {
    JdbcSettings settings =
        parse(
            "jdbc:postgresql://db/auth?sslmode=require&poolSize=4&user=svc&password=s3cr%40t"
                + "&timeout=500ms&createSchema=false&sweepInterval=off&sweepBatch=50"
                + "&ApplicationName=my%20app");
    assertEquals(
        "jdbc:postgresql://db/auth?sslmode=require&ApplicationName=my%20app", settings.jdbcUrl());
    assertEquals(4, settings.poolSize());
    assertEquals("svc", settings.user());
    assertEquals("s3cr@t", settings.password());
    assertEquals(Duration.ofMillis(500), settings.timeout());
    assertFalse(settings.createSchema());
    assertEquals(Duration.ZERO, settings.sweepInterval());
    assertEquals(50, settings.sweepBatch());
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
  @ValueSource(
      strings = {
        "jdbc:h2:mem:a?poolSize=0",
        "jdbc:h2:mem:a?poolSize=many",
        "jdbc:h2:mem:a?timeout=2",
        "jdbc:h2:mem:a?timeout=100ms",
        "jdbc:h2:mem:a?timeout=off",
        "jdbc:h2:mem:a?createSchema=yes",
        "jdbc:h2:mem:a?sweepInterval=25h",
        "jdbc:h2:mem:a?timeout=PT0.1S",
        "jdbc:h2:mem:a?timeout=-PT5S",
        "jdbc:h2:mem:a?timeout=5S",
        "jdbc:h2:mem:a?timeout=1w",
        "jdbc:h2:mem:a?sweepBatch=0"
      })
  @DisplayName("a bad option value is a server_error that names the option and the value")
  void badOption(String uri) {
    Proauth2Exception e = assertThrows(Proauth2Exception.class, () -> parse(uri));
    assertEquals("server_error", e.error());
    String option = uri.substring(uri.indexOf('?') + 1);
    assertTrue(e.getMessage().contains(option), e.getMessage());
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
    "timeout=PT45S, PT45S",
    "timeout=pt1m30s, PT1M30S",
    "sweepInterval=P1D, PT24H",
    "sweepInterval=off, PT0S",
    "sweepInterval=0, PT0S"
  })
  @DisplayName("durations take the config strings' one grammar: ms, s, m, h, d, or ISO-8601")
  void durations(String option, Duration expected) {
    JdbcSettings settings = parse("jdbc:h2:mem:a?" + option);
    assertEquals(
        expected, option.startsWith("timeout") ? settings.timeout() : settings.sweepInterval());
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
