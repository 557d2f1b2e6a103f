package dev.proauth2;

import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Listener;
import java.lang.System.Logger.Level;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A listener that writes one line per event, {@code key=value} pairs, for hosts that ship logs
 * rather than metrics:
 *
 * <pre>
 * event=refresh_reuse_detected time=2026-11-30T01:02:03.456Z client_id=Qx... user_id=alice grant_id=r2...
 * </pre>
 *
 * <p>By default the lines go to the {@link System.Logger} named {@code dev.proauth2.audit} at
 * {@code INFO}; a host may give its own sink. Values with spaces, quotes, {@code =} or characters
 * that show nothing or move text (controls, C1, bidi overrides, line separators) are quoted and
 * escaped, so a client id or user id cannot forge a field or a line, or make one read backwards.
 * Events carry no secret, so neither do the lines.
 */
public final class AuditLog implements Proauth2Listener {

  private static final System.Logger LOG = System.getLogger("dev.proauth2.audit");

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Consumer<String> sink;

  /** Writes to the {@code dev.proauth2.audit} logger. */
  public AuditLog() {
    this(line -> LOG.log(Level.INFO, line));
  }

  /** Writes each line to {@code sink}, such as a host's own logger. */
  public AuditLog(Consumer<String> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void onEvent(Proauth2Event event) {
    sink.accept(line(event));
  }

  /** The line for an event: its type, then its fields in declaration order, nulls left out. */
  static String line(Proauth2Event event) {
    StringBuilder line = new StringBuilder("event=").append(event.type());
    for (RecordComponent component : event.getClass().getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(event);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("an event's field cannot be read", e);
      }
      if (value != null) {
        line.append(' ').append(snakeCase(component.getName())).append('=');
        appendValue(line, value.toString());
      }
    }
    return line.toString();
  }

  private static String snakeCase(String name) {
    StringBuilder snake = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        snake.append('_').append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }

  /**
   * Appends a value: as it is when it is plainly one token, else quoted, with quotes and
   * backslashes escaped and every character that shows nothing or moves text ({@link
   * Inputs#unprintable}: controls, C1 such as a terminal's CSI U+009B, bidi overrides and isolates,
   * U+2028) written as backslash, {@code u} and four hex digits per UTF-16 unit, so neither a
   * terminal nor an editor shows a forged line.
   */
  private static void appendValue(StringBuilder line, String value) {
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; ) {
      int c = value.codePointAt(i);
      plain =
          c > 0x20
              && c != '"'
              && c != '='
              && c != '\\'
              && !Character.isSpaceChar(c)
              && !Inputs.unprintable(c);
      i += Character.charCount(c);
    }
    if (plain) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append((char) c);
      } else if (Inputs.unprintable(c)) {
        for (char unit : Character.toChars(c)) {
          line.append("\\u").append(HEX[unit >> 12]).append(HEX[unit >> 8 & 0xF]);
          line.append(HEX[unit >> 4 & 0xF]).append(HEX[unit & 0xF]);
        }
      } else {
        line.appendCodePoint(c);
      }
      i += Character.charCount(c);
    }
    line.append('"');
  }
}
