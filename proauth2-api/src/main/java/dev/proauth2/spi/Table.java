package dev.proauth2.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The four tables every {@link DataStore} keeps, with their schema. Keys are SHA-256 hashes or
 * client ids, never a secret in clear; every value is a {@code String} or a {@code Long}.
 *
 * <p>A store calls {@link #validate(Record)} in {@link DataStore#store} and may call {@link
 * #checkQuery(Query)} before answering a query; both throw {@code invalid_request} and change
 * nothing.
 */
public enum Table {

  /** Registered clients, keyed by {@code client_id}. They never expire. */
  APPLICATIONS(
      "applications",
      Set.of(),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.NAME, true, Table.MAX_ID),
      text(Table.SECRET_HASH, false, Table.MAX_HASH),
      text(Table.REDIRECT_URIS, true, Table.MAX_URI_LIST),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.GRANT_TYPES, true, Table.MAX_ID),
      text(Table.AUTH_METHOD, true, Table.MAX_ID),
      number(Table.CREATED_AT, true)),

  /**
   * Authorization codes, keyed by {@code code_hash}. A redeemed code stays as a tombstone with
   * {@code redeemed_at} set, so a replay can revoke what the code issued.
   */
  NONCE_CODES(
      "nonce_codes",
      Set.of(Table.USER_ID, Table.CLIENT_ID),
      text(Table.CODE_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.USER_ID, true, Table.MAX_ID),
      text(Table.REDIRECT_URI, true, Table.MAX_URI),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.CODE_CHALLENGE, false, Table.MAX_ID),
      text(Table.CODE_CHALLENGE_METHOD, false, Table.MAX_ID),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true),
      number(Table.REDEEMED_AT, false)),

  /** Access tokens, keyed by {@code token_hash}. */
  TOKENS(
      "tokens",
      Set.of(Table.USER_ID, Table.CLIENT_ID, Table.FAMILY),
      text(Table.TOKEN_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.USER_ID, true, Table.MAX_ID),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.FAMILY, true, Table.MAX_HASH),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true)),

  /**
   * Refresh tokens, keyed by {@code token_hash}. A rotated token stays as a tombstone with {@code
   * rotated_at} set, so presenting it again is detected as reuse.
   */
  REFRESH_TOKENS(
      "refresh_tokens",
      Set.of(Table.USER_ID, Table.CLIENT_ID, Table.FAMILY),
      text(Table.TOKEN_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.USER_ID, true, Table.MAX_ID),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.FAMILY, true, Table.MAX_HASH),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true),
      number(Table.ROTATED_AT, false)),

  /**
   * Revocation markers, keyed by {@code subject}: {@code family:<family>}, {@code user:<user id>}
   * or {@code client:<client id>}. A revocation writes its marker before it removes tokens, and
   * issuance checks the markers after it stores tokens, so a revocation racing an issuance never
   * leaves a usable token behind. Markers live for minutes.
   */
  REVOCATIONS(
      "revocations",
      Set.of(),
      text(Table.SUBJECT, true, Table.MAX_ID + 16),
      number(Table.REVOKED_AT, true),
      number(Table.EXPIRES_AT, true));

  /** The client's id. */
  public static final String CLIENT_ID = "client_id";

  /** The client's display name. */
  public static final String NAME = "name";

  /** SHA-256 of the client secret, base64url; absent for public clients. */
  public static final String SECRET_HASH = "secret_hash";

  /** The client's exact redirect URIs, separated by single spaces. */
  public static final String REDIRECT_URIS = "redirect_uris";

  /** Space-separated scope values. */
  public static final String SCOPE = "scope";

  /** The grant types the client may use, space-separated. */
  public static final String GRANT_TYPES = "grant_types";

  /** The client's {@code token_endpoint_auth_method}. */
  public static final String AUTH_METHOD = "auth_method";

  /** When the client was registered, epoch milliseconds. */
  public static final String CREATED_AT = "created_at";

  /** SHA-256 of an authorization code, base64url. */
  public static final String CODE_HASH = "code_hash";

  /** The resource owner the host authenticated. */
  public static final String USER_ID = "user_id";

  /** The redirect URI the authorization request used. */
  public static final String REDIRECT_URI = "redirect_uri";

  /** The PKCE {@code code_challenge} (RFC 7636). */
  public static final String CODE_CHALLENGE = "code_challenge";

  /** The PKCE {@code code_challenge_method}: {@code S256} or {@code plain}. */
  public static final String CODE_CHALLENGE_METHOD = "code_challenge_method";

  /** SHA-256 of an access or refresh token, base64url. */
  public static final String TOKEN_HASH = "token_hash";

  /** Names every token descended from one grant, so they can be revoked together. */
  public static final String FAMILY = "family";

  /** When the record was made, epoch milliseconds. */
  public static final String ISSUED_AT = "issued_at";

  /** When the record stops being valid, epoch milliseconds; stores must not return it after. */
  public static final String EXPIRES_AT = "expires_at";

  /** When a code was redeemed; set on the tombstone a redeemed code leaves. */
  public static final String REDEEMED_AT = "redeemed_at";

  /** When a refresh token was rotated; set on the tombstone a rotated token leaves. */
  public static final String ROTATED_AT = "rotated_at";

  /**
   * What a revocation marker covers: {@code family:...}, {@code user:...} or {@code client:...}.
   */
  public static final String SUBJECT = "subject";

  /** When a revocation happened; tokens issued at or before it are revoked. */
  public static final String REVOKED_AT = "revoked_at";

  /** Longest id, name or short text value, in characters. */
  public static final int MAX_ID = 256;

  /** Length of a base64url SHA-256 hash, with room for another hash of up to 512 bits. */
  public static final int MAX_HASH = 88;

  /** Longest single URI. */
  public static final int MAX_URI = 2048;

  /** Longest list of redirect URIs. */
  public static final int MAX_URI_LIST = 10 * (MAX_URI + 1);

  /** Longest scope string. */
  public static final int MAX_SCOPE = 2048;

  /**
   * One field of a table's schema.
   *
   * @param name the field name
   * @param type {@code String.class} or {@code Long.class}
   * @param required whether every record must have it
   * @param maxLength the most characters a text value may have; 0 for numbers
   */
  public record Field(String name, Class<?> type, boolean required, int maxLength) {}

  private final String tableName;
  private final String keyField;
  private final Set<String> indexedFields;
  private final Map<String, Field> fields;
  private final List<Field> fieldList;
  private final List<String> requiredFields;

  Table(String tableName, Set<String> indexedFields, Field... fields) {
    this.tableName = tableName;
    this.keyField = fields[0].name();
    this.indexedFields = indexedFields;
    Map<String, Field> byName = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field field : fields) {
      byName.put(field.name(), field);
      if (field.required()) {
        required.add(field.name());
      }
    }
    this.fields = Collections.unmodifiableMap(byName);
    this.fieldList = List.of(fields);
    this.requiredFields = List.copyOf(required);
  }

  private static Field text(String name, boolean required, int maxLength) {
    return new Field(name, String.class, required, maxLength);
  }

  private static Field number(String name, boolean required) {
    return new Field(name, Long.class, required, 0);
  }

  /** The name of the collection, table or key prefix in a backend, such as {@code tokens}. */
  public String tableName() {
    return tableName;
  }

  /** The field that identifies a record, unique within the table. */
  public String keyField() {
    return keyField;
  }

  /** The fields besides the key that queries may name; a backend keeps an index on each. */
  public Set<String> indexedFields() {
    return indexedFields;
  }

  /** Every field of the schema, key first. */
  public List<Field> fields() {
    return fieldList;
  }

  /** The schema of one field, if the table has it. */
  public Optional<Field> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /** Whether records of this table carry {@code expires_at} and must vanish after it. */
  public boolean expires() {
    return fields.containsKey(EXPIRES_AT);
  }

  /**
   * Checks a record against this table's schema: no unknown field, every required field present,
   * every value of the right type, within its length and free of control characters.
   *
   * @throws Proauth2Exception {@code invalid_request} naming the first problem found
   */
  public void validate(Record record) {
    record.fields().forEach(this::checkField);
    for (int i = 0; i < requiredFields.size(); i++) {
      if (!record.has(requiredFields.get(i))) {
        throw invalid("needs field '" + requiredFields.get(i) + "'");
      }
    }
  }

  /**
   * The key a query looks up when it names this table's key field alone, with a text value (every
   * key is text): the token check's query. Every backend answers it with one read by key, and
   * {@link #checkQuery} would accept it, so a store may skip that check for it.
   *
   * @return the key, or empty for any other query
   */
  public Optional<String> keyLookup(Query query) {
    Map<String, Object> conditions = query.fields();
    return conditions.size() == 1 && conditions.get(keyField) instanceof String key
        ? Optional.of(key)
        : Optional.empty();
  }

  /**
   * Checks that a query names this table's key field or one of its indexed fields, and nothing
   * outside the schema.
   *
   * @throws Proauth2Exception {@code invalid_request} when it does not
   */
  public void checkQuery(Query query) {
    boolean indexed = false;
    for (Map.Entry<String, Object> condition : query.fields().entrySet()) {
      Field field = fields.get(condition.getKey());
      if (field == null) {
        throw invalid("cannot be queried by unknown field '" + condition.getKey() + "'");
      }
      if (!field.type().isInstance(condition.getValue())) {
        throw invalid(
            "query on '" + field.name() + "' needs a " + field.type().getSimpleName() + " value");
      }
      indexed |= field.name().equals(keyField) || indexedFields.contains(field.name());
    }
    if (!indexed) {
      throw invalid(
          "can only be queried by "
              + keyField
              + (indexedFields.isEmpty() ? "" : " or one of " + indexedFields)
              + ", not by "
              + query.fields().keySet());
    }
  }

  private void checkField(String name, Object value) {
    Field field = fields.get(name);
    if (field == null) {
      throw invalid("has no field '" + name + "'; its fields are " + fields.keySet());
    }
    if (!field.type().isInstance(value)) {
      throw invalid(
          "field '" + field.name() + "' must be a " + field.type().getSimpleName() + " value");
    }
    if (value instanceof String) {
      checkText(field, (String) value);
    }
  }

  private void checkText(Field field, String value) {
    if (value.isEmpty()) {
      throw invalid("field '" + field.name() + "' is empty");
    }
    if (value.length() > field.maxLength()) {
      throw invalid(
          "field '"
              + field.name()
              + "' has "
              + value.length()
              + " characters; at most "
              + field.maxLength()
              + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw invalid("field '" + field.name() + "' contains a control character");
      }
    }
  }

  private Proauth2Exception invalid(String problem) {
    return new Proauth2Exception(
        Proauth2Exception.INVALID_REQUEST, "table '" + tableName + "' " + problem);
  }
}
