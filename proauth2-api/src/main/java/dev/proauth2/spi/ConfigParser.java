package dev.proauth2.spi;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the config string grammar documented on {@link DataStoreConfig}, and the one duration
 * grammar of its options.
 */
final class ConfigParser {

  /** A whole number and a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private ConfigParser() {}

  static DataStoreConfig parse(String uri, Clock clock) {
    if (uri == null || uri.isBlank()) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "no DataStore config string was given; pass one such as 'memory:' or"
              + " 'redis://localhost:6379/0'");
    }
    if (uri.length() > DataStoreConfig.MAX_LENGTH) {
      throw error("is longer than " + DataStoreConfig.MAX_LENGTH + " characters", null);
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        throw error(
            "contains a space, control or non-ASCII character at index "
                + i
                + "; percent-encode it",
            null);
      }
    }
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      throw error("has no scheme; it must start with one such as 'memory:' or 'redis://'", null);
    }
    String scheme = uri.substring(0, colon);
    String rest = uri.substring(colon + 1);
    if (rest.indexOf('#') >= 0) {
      throw error("has a fragment ('#'); percent-encode a '#' in a password as %23", scheme);
    }

    String query = null;
    int questionMark = rest.indexOf('?');
    if (questionMark >= 0) {
      query = rest.substring(questionMark + 1);
      rest = rest.substring(0, questionMark);
    }

    String user = null;
    String password = null;
    String host = null;
    int port = -1;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      rest = slash < 0 ? "" : rest.substring(slash);
      if (rest.indexOf('@') >= 0) {
        // Drivers end the user info at the first '/', so "user:pa/ss@host" names host "user"
        // and port "pa": refused here before any part of it is quoted.
        throw error(
            "has an '@' after a '/'; percent-encode a '/' in a user name or password as %2F"
                + " (and an '@' in a path as %40)",
            scheme);
      }
      // With an '@' anywhere, a '?' in a password may have cut the user info short and left part
      // of the password where the port goes: the port is then not quoted.
      boolean quotePort = uri.indexOf('@') < 0;
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String userInfo = authority.substring(0, at);
        authority = authority.substring(at + 1);
        int userColon = userInfo.indexOf(':');
        user = decode(userColon < 0 ? userInfo : userInfo.substring(0, userColon), "user", scheme);
        if (userColon >= 0) {
          password = decode(userInfo.substring(userColon + 1), "password", scheme);
        }
        user = user.isEmpty() ? null : user;
      }
      String firstHost = authority.split(",", -1)[0];
      if (firstHost.startsWith("[")) {
        int close = firstHost.indexOf(']');
        if (close < 0) {
          throw error("has an IPv6 host without its closing ']'", scheme);
        }
        host = firstHost.substring(0, close + 1);
        port = parsePort(firstHost.substring(close + 1), scheme, quotePort);
      } else {
        int portColon = firstHost.lastIndexOf(':');
        host = portColon < 0 ? firstHost : firstHost.substring(0, portColon);
        port = portColon < 0 ? -1 : parsePort(firstHost.substring(portColon), scheme, quotePort);
      }
      host = host.isEmpty() ? null : decode(host, "host", scheme);
    }
    String path = rest.startsWith("/") ? rest.substring(1) : rest;
    String database = path.isEmpty() ? null : decode(path, "database", scheme);
    return new DataStoreConfig(
        scheme, database, host, port, user, password, parseOptions(query, scheme), uri, clock);
  }

  private static int parsePort(String colonAndPort, String scheme, boolean quote) {
    if (colonAndPort.isEmpty()) {
      return -1;
    }
    String digits = colonAndPort.substring(1);
    if (!colonAndPort.startsWith(":") || digits.isEmpty() || digits.length() > 5) {
      throw error("has a malformed port" + (quote ? " '" + colonAndPort + "'" : ""), scheme);
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        throw error(
            "has a port that is not a number" + (quote ? ": '" + digits + "'" : ""), scheme);
      }
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw error("has port " + port + "; a port is 1 to 65535", scheme);
    }
    return port;
  }

  private static Map<String, String> parseOptions(String query, String scheme) {
    Map<String, String> options = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return options;
    }
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), "option name", scheme);
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1), "option value", scheme);
      if (name.isEmpty()) {
        throw error("has an option with no name (check for '&&' or a trailing '&')", scheme);
      }
      if (name.indexOf('@') >= 0) {
        // Not quoted: a raw '?' in a password puts the rest of the user info here.
        throw error(
            "has an '@' in an option name; percent-encode a '?' in a user name or password as"
                + " %3F",
            scheme);
      }
      if (options.put(name, value) != null) {
        throw error("gives option '" + name + "' twice", scheme);
      }
    }
    return options;
  }

  /** Decodes RFC 3986 percent-encoding as UTF-8; unlike URLDecoder, '+' stays '+'. */
  private static String decode(String text, String what, String scheme) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteBuffer bytes = ByteBuffer.allocate(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        bytes.put((byte) c);
        continue;
      }
      int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw error("has a malformed percent-encoding in its " + what, scheme);
      }
      bytes.put((byte) (high * 16 + low));
      i += 2;
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw error("has a " + what + " that does not decode as UTF-8", scheme);
    }
  }

  /** See {@link DataStoreConfig#parseDuration(String)}. */
  static Optional<Duration> duration(String text) {
    if (text.length() > 64) {
      return Optional.empty();
    }
    Matcher shortForm = SHORT_DURATION.matcher(text);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      return Optional.of(
          switch (shortForm.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          });
    }
    try {
      Duration iso = Duration.parse(text);
      return iso.isNegative() ? Optional.empty() : Optional.of(iso);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static Proauth2Exception error(String problem, String scheme) {
    String subject =
        scheme == null ? "The DataStore config string" : "The '" + scheme + ":' config";
    return new Proauth2Exception(Proauth2Exception.SERVER_ERROR, subject + " " + problem + ".");
  }
}
