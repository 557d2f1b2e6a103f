package dev.proauth2.spi;

import java.time.Clock;
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
 * <p>{@link #toString()} never shows the password, nor the value of an option whose name mentions a
 * password, secret, token or credential.
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
  private static final Pattern SENSITIVE_OPTION =
      Pattern.compile(".*(password|secret|token|credential).*", Pattern.CASE_INSENSITIVE);

  /** The password of a {@code //user:password@} user info. */
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@?#:]*:)[^/@?#]*(@)");

  /** A {@code ;name=value} parameter whose name mentions a secret. */
  private static final Pattern SEMICOLON_SECRET =
      Pattern.compile(
          "(;\\s*[A-Za-z_.]*(?i:password|secret|token|credential)[A-Za-z_.]*\\s*=)[^;?&]*");

  private static final String REDACTED = "REDACTED";

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
    String redacted = redactEmbedded(uri);
    for (String name : options.keySet()) {
      if (SENSITIVE_OPTION.matcher(name).matches()) {
        redacted = redacted.replaceAll("([?&]" + Pattern.quote(name) + "=)[^&#]*", "$1" + REDACTED);
      }
    }
    return redacted;
  }

  /**
   * Redacts what a config string may carry besides its options: a {@code user:password@} anywhere
   * (also inside a JDBC URL, {@code jdbc:mysql://user:password@host/db}, which this parser reads as
   * a database), and {@code ;PASSWORD=...}-style parameters (H2, SQL Server).
   */
  private static String redactEmbedded(String text) {
    if (text == null) {
      return null;
    }
    return SEMICOLON_SECRET
        .matcher(USER_INFO_PASSWORD.matcher(text).replaceAll("$1" + REDACTED + "$2"))
        .replaceAll("$1" + REDACTED);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>(options);
    shown.replaceAll((name, value) -> SENSITIVE_OPTION.matcher(name).matches() ? REDACTED : value);
    return "DataStoreConfig[scheme="
        + scheme
        + ", database="
        + redactEmbedded(database)
        + ", host="
        + host
        + ", port="
        + port
        + ", user="
        + user
        + ", password="
        + (password == null ? "null" : REDACTED)
        + ", options="
        + shown
        + ", uri="
        + redactedUri()
        + ", clock="
        + clock
        + "]";
  }
}
