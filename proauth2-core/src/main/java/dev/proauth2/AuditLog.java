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
 * {@code INFO}; a host may give its own sink. Values with spaces, quotes, {@code =} or control
 * characters are quoted and escaped, so a user id cannot forge a field or a line. Events carry no
 * secret, so neither do the lines.
 */
public final class AuditLog implements Proauth2Listener {

  private static final System.Logger LOG = System.getLogger("dev.proauth2.audit");

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

  private static void appendValue(StringBuilder line, String value) {
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > 0x20 && c != '"' && c != '=' && c != '\\' && c != 0x7F;
    }
    if (plain) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 || c == 0x85) {
        line.append(String.format("\\u%04x", (int) c));
      } else {
        line.append(c);
      }
    }
    line.append('"');
  }
}
