package dev.proauth2.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A conjunction of field equalities, such as {@code user_id = alice AND client_id = c1}. The
 * engine's queries always name the table's key field or one of its indexed fields (see {@link
 * Table#checkQuery}), so every backend can answer them with an index.
 */
public final class Query {

  private final Map<String, Object> fields;

  private Query(Map<String, Object> fields) {
    this.fields = fields;
  }

  /**
   * Starts a query with one equality.
   *
   * @param field the field name
   * @param value a {@code String} or {@code Long}
   * @return the query
   */
  public static Query where(String field, Object value) {
    // The token check's query: one field needs no ordered copy.
    return new Query(
        Map.of(Objects.requireNonNull(field, "field"), Record.normalize(field, value)));
  }

  /**
   * Adds an equality; the receiver is not changed.
   *
   * @param field the field name, not already in the query
   * @param value a {@code String} or {@code Long}
   * @return a new query with both conditions
   */
  public Query and(String field, Object value) {
    Objects.requireNonNull(field, "field");
    if (fields.containsKey(field)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST, "query names field '" + field + "' twice");
    }
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(field, Record.normalize(field, value));
    return new Query(Collections.unmodifiableMap(copy));
  }

  /** The equalities, in the order they were added. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The value this query requires for a field, if it names it. */
  public Optional<Object> value(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  /** Whether the record has every field of this query with an equal value. */
  public boolean matches(Record record) {
    for (Map.Entry<String, Object> condition : fields.entrySet()) {
      if (!condition.getValue().equals(record.fields().get(condition.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Query && ((Query) other).fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "Query" + fields;
  }
}
