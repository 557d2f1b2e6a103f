package dev.proauth2.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed DataStore config string such as {@code memory:}, {@code
 * mongodb://user:pw@db1:27017,db2:27017/proauth2?replicaSet=rs0} or {@code
 * redis://cache:6379/0?prefix=app1}.
 *
 * <p>The grammar is {@code scheme:[//[user[:password]@]host[:port][,host[:port]...]][/database]
 * [?key=value[&key=value...]]}, percent-encoded as in RFC 3986. The scheme is matched without
 * regard to case. For several hosts, {@link #host()} and {@link #port()} name the first; a provider
 * that supports more hands {@link #uri()} to its driver's own parser.
 *
 * <p>{@link #toString()} and {@link #redactedUri()} never show a password or the value of a
 * sensitive option: both follow {@link #redact(String)}. Durations in options follow {@link
 * #parseDuration(String)}.
 *
 * @param scheme the scheme, lower case, such as {@code redis}
 * @param database the path without its leading slash, decoded, or {@code null}
 * @param host the (first) host, or {@code null}
 * @param port the (first) port, or {@code -1} when none is given
 * @param user the user name, decoded, or {@code null}
 * @param password the password, decoded, or {@code null}
 * @param options the query parameters, decoded, in order
 * @param uri the config string as given
 * @param clock the engine's clock: a store whose backend lets it choose its clock judges expiry by
 *     this one, so records expire when the engine says they do
 */
public record DataStoreConfig(
    String scheme,
    String database,
    String host,
    int port,
    String user,
    String password,
    Map<String, String> options,
    String uri,
    Clock clock) {

  /** The longest config string accepted. */
  public static final int MAX_LENGTH = 4096;

  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.\\-]*");

  /** Checks the components and copies the options. */
  public DataStoreConfig {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(clock, "clock");
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!SCHEME.matcher(scheme).matches()) {
      throw ConfigParser.error("has no valid scheme", null);
    }
    if (port < -1 || port > 65535) {
      throw ConfigParser.error("has port " + port + "; a port is 1 to 65535", scheme);
    }
    options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options)));
  }

  /**
   * Parses a config string.
   *
   * @param uri such as {@code redis://localhost:6379/0}
   * @return the parsed config
   * @throws Proauth2Exception {@code server_error} saying what is wrong with the string, without
   *     repeating any password in it
   */
  public static DataStoreConfig parse(String uri) {
    return ConfigParser.parse(uri, Clock.systemUTC());
  }

  /**
   * Parses a config string for an engine on its own clock.
   *
   * @param uri such as {@code memory:}
   * @param clock the engine's clock, which the store should judge expiry by
   * @return the parsed config
   * @throws Proauth2Exception {@code server_error} as {@link #parse(String)} does
   */
  public static DataStoreConfig parse(String uri, Clock clock) {
    return ConfigParser.parse(uri, Objects.requireNonNull(clock, "clock"));
  }

  /** The value of a query parameter. */
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** The config string with its password and sensitive option values replaced by REDACTED. */
  public String redactedUri() {
    return Redaction.redact(uri);
  }

  /**
   * Replaces every secret in a text by REDACTED: the one redaction rule of proauth2, for config
   * strings, JDBC URLs, and driver messages that may repeat them. Hidden are the password of a
   * {@code scheme://user:password@host} (the user info ends at the last '@' before the host, so a
   * raw '/', '@' or ':' in a password is hidden too; for the Redis schemes a user info without ':'
   * is the password, as Lettuce reads it) and the value of every parameter whose name contains
   * password, passwd, pwd, passphrase, secret, token, credential or apikey (in any case: {@code
   * password1}, {@code sslpassword}, {@code trustStorePassword}, {@code access_token}), written as
   * {@code ?k=v&k=v}, {@code ;k=v;k=v} (H2, SQL Server), MySQL's {@code (k=v,k=v)}, or {@code K:v}
   * inside an option value (MongoDB's {@code authMechanismProperties=AWS_SESSION_TOKEN:v}). The
   * rest stays as written.
   *
   * @param text such as {@code jdbc:mysql://app:s3cret@db/auth?password2=otp}
   * @return the text with its secrets replaced, such as {@code
   *     jdbc:mysql://app:REDACTED@db/auth?password2=REDACTED}
   */
  public static String redact(String text) {
    return Redaction.redact(Objects.requireNonNull(text, "text"));
  }

  /**
   * Reads a duration in the one grammar of proauth2's config strings: a whole number with {@code
   * ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 250ms}, {@code 30s}, {@code 5m},
   * {@code 2h}, {@code 1d}), or ISO-8601 ({@code PT30S}). The caller checks its own bounds.
   *
   * @param text such as {@code 30s}
   * @return the duration, or empty when the text is neither form or the duration is negative
   */
  public static Optional<Duration> parseDuration(String text) {
    return ConfigParser.duration(Objects.requireNonNull(text, "text"));
  }

  /**
   * This config as read from its redacted config string, or null when the components did not come
   * from that string. Components are decoded, and a decoded secret ({@code p%26ss} in a JDBC URL's
   * user info, which this parser reads as the database) could slip past the rule: redacting before
   * decoding cannot miss it.
   */
  private DataStoreConfig redactedCopy() {
    try {
      DataStoreConfig reparsed = ConfigParser.parse(uri, clock);
      if (Objects.equals(reparsed.database, database) && reparsed.options.equals(options)) {
        return ConfigParser.parse(redactedUri(), clock);
      }
    } catch (Proauth2Exception e) {
      // built by hand from a string that does not parse: shown as the rule reads its parts
    }
    return null;
  }

  @Override
  public String toString() {
    DataStoreConfig copy = redactedCopy();
    Map<String, String> shown = new LinkedHashMap<>(copy == null ? options : copy.options);
    shown.replaceAll(
        (name, value) ->
            Redaction.sensitive(name)
                ? Redaction.REDACTED
                : copy == null ? Redaction.redact("=" + value).substring(1) : value);
    String shownDatabase =
        copy != null ? copy.database : database == null ? null : Redaction.redact(database);
    return "DataStoreConfig[scheme="
        + scheme
        + ", database="
        + shownDatabase
        + ", host="
        + host
        + ", port="
        + port
        + ", user="
        + (password == null && user != null && Redaction.userInfoIsPassword(scheme)
            ? Redaction.REDACTED
            : user)
        + ", password="
        + (password == null ? "null" : Redaction.REDACTED)
        + ", options="
        + shown
        + ", uri="
        + redactedUri()
        + ", clock="
        + clock
        + "]";
  }
}
