package dev.proauth2.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("DataStoreConfig.redact, the one redaction rule")
class RedactionTest {

  /** A URL form, the secrets in it, and parts that must stay readable. */
  private static Arguments form(String driver, String url, List<String> secrets, String... kept) {
    return Arguments.of(driver, url, secrets, List.of(kept));
  }

  static Stream<Arguments> forms() {
    return Stream.of(
        // PostgreSQL (pgjdbc): ?user=&password=, sslpassword for the client key, user info.
        form(
            "PostgreSQL",
            "jdbc:postgresql://db:5432/auth?user=svc&password=pgPw1&sslmode=verify-full",
            List.of("pgPw1"),
            "jdbc:postgresql://db:5432/auth?user=svc&password=",
            "&sslmode=verify-full"),
        form(
            "PostgreSQL",
            "jdbc:postgresql://db/auth?sslpassword=keyPw2&sslkey=/etc/key.pk8",
            List.of("keyPw2"),
            "sslkey=/etc/key.pk8"),
        form(
            "PostgreSQL",
            "jdbc:postgresql://h1:5432,h2:5433/auth?targetServerType=primary&password=multiPw",
            List.of("multiPw"),
            "jdbc:postgresql://h1:5432,h2:5433/auth?targetServerType=primary"),
        form(
            "PostgreSQL",
            "jdbc:postgresql://svc:pg%2Fpw@db/auth",
            List.of("pg%2Fpw"),
            "jdbc:postgresql://svc:",
            "@db/auth"),
        // MySQL Connector/J: user info (a raw '/', '@', ':' in it), MFA's password1..3, the
        // key-value host forms, TLS store passwords, replication, Azure's user@server user.
        form(
            "MySQL",
            "jdbc:mysql://svc:my/raw@pw:x@db:3306/auth?useSSL=true",
            List.of("my/raw@pw:x", "my/raw", "raw@pw", "pw:x"),
            "jdbc:mysql://svc:",
            "@db:3306/auth?useSSL=true"),
        form(
            "MySQL",
            "jdbc:mysql://db/auth?user=svc&password1=mfaOne&password2=mfaTwo&password3=mfaThree",
            List.of("mfaOne", "mfaTwo", "mfaThree"),
            "jdbc:mysql://db/auth?user=svc&password1=",
            "&password2=",
            "&password3="),
        form(
            "MySQL",
            "jdbc:mysql://svc:infoPw@db/auth?user=svc",
            List.of("infoPw"),
            "@db/auth?user=svc"),
        form(
            "MySQL",
            "jdbc:mysql://address=(host=db)(port=3306)(user=svc)(password=kvPw)/auth",
            List.of("kvPw"),
            "jdbc:mysql://address=(host=db)(port=3306)(user=svc)(password=",
            ")/auth"),
        form(
            "MySQL",
            "jdbc:mysql://(host=db,port=3306,user=svc,password=kvPw2,sslMode=REQUIRED)/auth",
            List.of("kvPw2"),
            "(host=db,port=3306,user=svc,password=",
            ",sslMode=REQUIRED)/auth"),
        form(
            "MySQL",
            "jdbc:mysql://svc:brPw@[db1:3306,db2:3306]/auth",
            List.of("brPw"),
            "@[db1:3306,db2:3306]/auth"),
        form(
            "MySQL",
            "jdbc:mysql://db/auth?trustCertificateKeyStoreUrl=file:/etc/ts.jks"
                + "&trustCertificateKeyStorePassword=tsPw&clientCertificateKeyStorePassword=ksPw",
            List.of("tsPw", "ksPw"),
            "trustCertificateKeyStoreUrl=file:/etc/ts.jks"),
        form(
            "MySQL",
            "jdbc:mysql:replication://svc:replPw@source,replica/auth",
            List.of("replPw"),
            "@source,replica/auth"),
        form(
            "MySQL",
            "jdbc:mysql://db.mysql.database.azure.com:3306/auth?user=admin@db&password=azPw",
            List.of("azPw"),
            "jdbc:mysql://db.mysql.database.azure.com:3306/auth?user=admin@db&password="),
        form(
            "MySQL",
            "jdbc:mysql://svc:qz?wk@db/auth",
            List.of("qz?wk", "qz", "wk"),
            "jdbc:mysql://svc:",
            "@db/auth"),
        form(
            "MySQL",
            "jdbc:mysql://svc:se;mi@db/auth",
            List.of("se;mi"),
            "jdbc:mysql://svc:",
            "@db/auth"),
        // MariaDB Connector/J: ?password=, keystore and truststore passwords, failover forms.
        form(
            "MariaDB",
            "jdbc:mariadb://db:3306/auth?user=svc&password=maPw&keyStorePassword=ksPw3"
                + "&trustStorePassword=tsPw3&keyPassword=kPw3&sslMode=verify-full",
            List.of("maPw", "ksPw3", "tsPw3", "kPw3"),
            "jdbc:mariadb://db:3306/auth?user=svc",
            "&sslMode=verify-full"),
        form(
            "MariaDB",
            "jdbc:mariadb:sequential://db1,db2/auth?password=seqPw&connectTimeout=2000",
            List.of("seqPw"),
            "jdbc:mariadb:sequential://db1,db2/auth?password=",
            "&connectTimeout=2000"),
        form(
            "MariaDB",
            "jdbc:mariadb:replication://svc:mrPw@primary,replica/auth",
            List.of("mrPw"),
            "@primary,replica/auth"),
        // H2: ;USER=;PASSWORD= settings (any case), FILE_PASSWORD with CIPHER, an '@' in USER.
        form(
            "H2",
            "jdbc:h2:mem:auth;USER=sa;PASSWORD=h2Pw;DB_CLOSE_DELAY=-1",
            List.of("h2Pw"),
            "jdbc:h2:mem:auth;USER=sa;PASSWORD=",
            ";DB_CLOSE_DELAY=-1"),
        form(
            "H2",
            "jdbc:h2:tcp://db:9092/~/auth;CIPHER=AES;FILE_PASSWORD=filePw;USER=me@corp",
            List.of("filePw"),
            "jdbc:h2:tcp://db:9092/~/auth;CIPHER=AES;FILE_PASSWORD=",
            ";USER=me@corp"),
        form(
            "H2",
            "jdbc:h2:file:/data/auth;password=lowerPw;MODE=PostgreSQL",
            List.of("lowerPw"),
            ";MODE=PostgreSQL"),
        // SQL Server style ;k=v, with a braced value holding a ';'.
        form(
            "SQL Server",
            "jdbc:sqlserver://db:1433;databaseName=auth;user=me@corp;password={br;aced}",
            List.of("br;aced", "aced"),
            "jdbc:sqlserver://db:1433;databaseName=auth;user=me@corp;password="),
        // MongoDB: user info with several hosts, mongodb+srv, the AWS session token inside
        // authMechanismProperties, percent-encoded passwords, the PEM key password.
        form(
            "MongoDB",
            "mongodb://app:mgPw@db1:27017,db2:27017/proauth2?replicaSet=rs0&authSource=admin",
            List.of("mgPw"),
            "mongodb://app:",
            "@db1:27017,db2:27017/proauth2?replicaSet=rs0&authSource=admin"),
        form(
            "MongoDB",
            "mongodb+srv://app:srvPw@cluster0.example.mongodb.net/proauth2?retryWrites=true&w=majority",
            List.of("srvPw"),
            "mongodb+srv://app:",
            "@cluster0.example.mongodb.net/proauth2?retryWrites=true&w=majority"),
        form(
            "MongoDB",
            "mongodb://db/proauth2?authMechanism=MONGODB-AWS"
                + "&authMechanismProperties=AWS_SESSION_TOKEN:awsTok,SERVICE_NAME:mongo",
            List.of("awsTok"),
            "authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:",
            ",SERVICE_NAME:mongo"),
        form(
            "MongoDB",
            "mongodb://app:p%40ss%3Aw@db/proauth2",
            List.of("p%40ss%3Aw"),
            "mongodb://app:",
            "@db/proauth2"),
        form(
            "MongoDB",
            "mongodb://db/proauth2?tls=true&tlsCertificateKeyFilePassword=pemPw",
            List.of("pemPw"),
            "mongodb://db/proauth2?tls=true"),
        // Redis (Lettuce): :password@, user:password@, a lone user info (the password, as Lettuce
        // reads it), rediss, Sentinel and Cluster host lists, ?password=.
        form("Redis", "redis://:rdPw@cache:6379/0", List.of("rdPw"), "redis://:", "@cache:6379/0"),
        form(
            "Redis",
            "redis://alice:rdPw2@cache:6379/0?prefix=app1",
            List.of("rdPw2"),
            "redis://alice:",
            "@cache:6379/0?prefix=app1"),
        form("Redis", "redis://rdLone@cache:6379", List.of("rdLone"), "redis://", "@cache:6379"),
        form(
            "Redis",
            "rediss://alice:tlsPw@cache:6380/1",
            List.of("tlsPw"),
            "rediss://alice:",
            "@cache:6380/1"),
        form(
            "Redis",
            "redis-sentinel://:sntPw@s1:26379,s2:26379/0?sentinelMasterId=mymaster",
            List.of("sntPw"),
            "redis-sentinel://:",
            "@s1:26379,s2:26379/0?sentinelMasterId=mymaster"),
        form(
            "Redis",
            "redis-cluster://ops:clPw@a:7000,b:7001",
            List.of("clPw"),
            "redis-cluster://ops:",
            "@a:7000,b:7001"),
        form(
            "Redis",
            "redis://cache:6379/0?password=qPw&prefix=x",
            List.of("qPw"),
            "redis://cache:6379/0?password=",
            "&prefix=x"),
        // Other names drivers use for secrets, a percent-encoded name, and driver messages.
        form(
            "any",
            "jdbc:postgresql://db/auth?PWD=upPwd&Passwd=pwd2&access_token=at1&clientSecret=cs1"
                + "&apiKey=ak1&ApplicationName=app",
            List.of("upPwd", "pwd2", "at1", "cs1", "ak1"),
            "&ApplicationName=app"),
        form(
            "any",
            "jdbc:postgresql://db/auth?pass%77ord=encPw",
            List.of("encPw"),
            "jdbc:postgresql://db/auth?pass%77ord="),
        form(
            "a driver's message",
            "Malformed database URL, failed to parse the connection string near"
                + " 'password1=ftPw&x=1'.",
            List.of("ftPw"),
            "Malformed database URL, failed to parse the connection string near 'password1=",
            "&x=1'."),
        form(
            "a driver's message",
            "The connection string contains invalid authentication properties:"
                + " 'AWS_SESSION_TOKEN:quotedTok,broken'",
            List.of("quotedTok"),
            "invalid authentication properties: 'AWS_SESSION_TOKEN:",
            ",broken'"),
        form(
            "a driver's message",
            "Cannot connect to jdbc:mysql://svc:msgPw@db:3306/auth: connection refused",
            List.of("msgPw"),
            "Cannot connect to jdbc:mysql://svc:",
            "@db:3306/auth: connection refused"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("forms")
  @DisplayName("no secret of a URL form is left, and the rest reads as written")
  void redacts(String driver, String url, List<String> secrets, List<String> kept) {
    String redacted = DataStoreConfig.redact(url);
    for (String secret : secrets) {
      assertFalse(redacted.contains(secret), driver + ": '" + secret + "' left in " + redacted);
    }
    for (String part : kept) {
      assertTrue(redacted.contains(part), driver + ": '" + part + "' lost in " + redacted);
    }
    assertTrue(redacted.contains("REDACTED"), redacted);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("forms")
  @DisplayName("a config string's toString and redactedUri follow the same rule")
  void configFollowsTheRule(String driver, String url, List<String> secrets, List<String> kept) {
    if (driver.equals("a driver's message") || url.contains("?wk@") || url.contains("/raw@")) {
      return; // not config strings: the parser refuses the last two, with no secret quoted
    }
    DataStoreConfig config = DataStoreConfig.parse(url);
    assertEquals(DataStoreConfig.redact(url), config.redactedUri());
    for (String secret : secrets) {
      assertFalse(config.toString().contains(secret), driver + ": " + config);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "memory:",
        "jdbc:postgresql://db:5432/auth?sslmode=require&ApplicationName=my%20app",
        "jdbc:mysql://db/auth?user=admin@corp&useSSL=true",
        "jdbc:h2:mem:auth;DB_CLOSE_DELAY=-1",
        "jdbc:sqlserver://db:1433;user=me@corp;databaseName=auth",
        "mongodb://db1:27017,db2:27017/proauth2?replicaSet=rs0",
        "mongodb://app@db/proauth2?authMechanism=MONGODB-X509",
        "redis://cache:6379/0?prefix=app1&timeout=5s",
        "jdbc:postgresql://[::1]:5432/auth",
        "Access denied for user 'svc'@'10.0.0.1' (using password: YES)",
        "FATAL: password authentication failed for user \"svc\""
      })
  @DisplayName("a text with no secret comes back unchanged")
  void noSecretUnchanged(String text) {
    assertEquals(text, DataStoreConfig.redact(text));
  }

  @Test
  @DisplayName("an empty password has nothing to hide and stays empty")
  void emptyValue() {
    assertEquals(
        "jdbc:postgresql://db/auth?password=&user=x",
        DataStoreConfig.redact("jdbc:postgresql://db/auth?password=&user=x"));
  }

  @Test
  @DisplayName("a decoded password with a space does not show in a JDBC config's toString")
  void decodedDatabase() {
    DataStoreConfig config = DataStoreConfig.parse("jdbc:mysql://svc:pa%20ss@db/auth");
    assertFalse(config.toString().contains("pa ss"), config.toString());
    assertFalse(config.toString().contains("pa%20ss"), config.toString());
    assertTrue(
        config.toString().contains("database=mysql://svc:REDACTED@db/auth"), config.toString());
  }

  @Test
  @DisplayName("a Redis user info without ':' is the password, so toString hides it as user too")
  void redisLoneUserInfo() {
    DataStoreConfig config = DataStoreConfig.parse("redis://rdLone@cache:6379");
    assertFalse(config.toString().contains("rdLone"), config.toString());
    DataStoreConfig mongo = DataStoreConfig.parse("mongodb://app@db/proauth2");
    assertTrue(mongo.toString().contains("user=app"), mongo.toString());
  }
}
