package dev.proauth2.spi;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable row of a {@link Table}: field names mapped to {@code String} or {@code Long} values.
 * Times are epoch milliseconds.
 *
 * <p>Records hold hashes, never secrets, so {@link #toString()} may show every field.
 */
public final class Record {

  // Two arrays and the expiry inlined, nothing more: a store may hold millions of records. The
  // lookups on the token-check path (string, number, isExpired) read them directly; fields() makes
  // a view over the same arrays.
  private final String[] names;
  private final Object[] values;
  private final boolean expires;
  private final long expiresAt;

  private Record(String[] names, Object[] values) {
    this(FieldNames.shared(names), values, true);
  }

  /** For names already shared: a record derived from another with the same fields. */
  private Record(String[] sharedNames, Object[] values, boolean shared) {
    this.names = sharedNames;
    this.values = values;
    int expiry = FieldNames.indexOf(this.names, Table.EXPIRES_AT);
    this.expires = expiry >= 0 && values[expiry] instanceof Long;
    this.expiresAt = expires ? (Long) values[expiry] : 0;
  }

  /**
   * Creates a record from a field map. {@code Integer} values are widened to {@code Long}.
   *
   * @param fields field names to {@code String} or {@code Long} values, none null
   * @return the record
   * @throws Proauth2Exception {@code invalid_request} when a name or value is null or a value has
   *     another type
   */
  public static Record of(Map<String, ?> fields) {
    Objects.requireNonNull(fields, "fields");
    String[] names = new String[fields.size()];
    Object[] values = new Object[names.length];
    int i = 0;
    for (Map.Entry<String, ?> field : fields.entrySet()) {
      String name = field.getKey();
      if (name == null || name.isEmpty()) {
        throw new Proauth2Exception(
            Proauth2Exception.INVALID_REQUEST, "a record field name is null or empty");
      }
      names[i] = name;
      values[i] = normalize(name, field.getValue());
      i++;
    }
    return new Record(names, values);
  }

  static Object normalize(String name, Object value) {
    if (value instanceof String || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer) {
      return ((Integer) value).longValue();
    }
    throw new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST,
        "field '"
            + name
            + "' must be a String or a Long, not "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  /** Every field, in an unmodifiable map, in the order the record was built. */
  public Map<String, Object> fields() {
    return new FieldMap(names, values);
  }

  /** The value of a text field, or empty when the record has no such field or it is a number. */
  public Optional<String> string(String field) {
    Object value = get(field);
    return value instanceof String ? Optional.of((String) value) : Optional.empty();
  }

  /** The value of a number field, or empty when the record has no such field or it is text. */
  public OptionalLong number(String field) {
    Object value = get(field);
    return value instanceof Long ? OptionalLong.of((Long) value) : OptionalLong.empty();
  }

  /** Whether the record has this field. */
  public boolean has(String field) {
    return FieldNames.indexOf(names, field) >= 0;
  }

  /**
   * Whether this record has passed its {@code expires_at}; a record without one never expires.
   *
   * @param nowMillis the current time in epoch milliseconds
   */
  public boolean isExpired(long nowMillis) {
    return expires && expiresAt <= nowMillis;
  }

  /** A copy of this record with one field set, for stores and the engine to derive records. */
  public Record with(String field, Object value) {
    Objects.requireNonNull(field, "field");
    Object normalized = normalize(field, value);
    int i = FieldNames.indexOf(names, field);
    if (i >= 0) {
      Object[] changed = values.clone();
      changed[i] = normalized;
      return new Record(names, changed, true);
    }
    String[] longer = Arrays.copyOf(names, names.length + 1);
    Object[] more = Arrays.copyOf(values, longer.length);
    longer[names.length] = field;
    more[names.length] = normalized;
    return new Record(longer, more);
  }

  private Object get(String field) {
    int i = FieldNames.indexOf(names, field);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Record && ((Record) other).fields().equals(fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  @Override
  public String toString() {
    return "Record" + fields();
  }
}
