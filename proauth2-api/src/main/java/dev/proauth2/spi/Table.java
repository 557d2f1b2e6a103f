package dev.proauth2.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables every {@link DataStore} keeps, with their schema. Keys are SHA-256 hashes or client
 * ids, never a secret in clear; every value is a {@code String} or a {@code Long}.
 *
 * <p>The engine checks every record against this schema before a store sees it, so a store may rely
 * on it: the key field is present, every value has its field's type and length, and {@link
 * DataStore#removeAll} names only an {@link #indexedFields() indexed field}.
 */
public enum Table {

  /**
   * Registered clients, keyed by {@code client_id}. A client registered with a lifetime (every
   * client that registered itself) has {@code lifetime_ends_at}, and {@code expires_at}: the end of
   * its unused lifetime until it is first issued tokens, {@code lifetime_ends_at} from then on; a
   * client without {@code expires_at} never expires. A client that only uses {@code
   * client_credentials} has no {@code redirect_uris}; {@code resource_server} is 1 for a client the
   * host allowed to introspect every token; {@code resources} lists the resources (RFC 8707) it may
   * ask tokens for; a client that signs assertions with its keys ({@code private_key_jwt}) has its
   * public keys in {@code jwks} or where {@code jwks_uri} says, and no {@code secret_hash}; {@code
   * access_token_format} is the format the host chose for the client's access tokens; an OpenID
   * Connect client may have {@code post_logout_redirect_uris} and {@code
   * id_token_signed_response_alg}; {@code require_pushed_authorization_requests} is 1 for a client
   * that must push its authorization requests (RFC 9126), {@code dpop_bound_access_tokens} 1 for
   * one whose tokens must be bound to a DPoP key (RFC 9449).
   */
  APPLICATIONS(
      "applications",
      Set.of(),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.NAME, true, Table.MAX_ID),
      text(Table.SECRET_HASH, false, Table.MAX_HASH),
      text(Table.REDIRECT_URIS, false, Table.MAX_URI_LIST),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.GRANT_TYPES, true, Table.MAX_ID),
      text(Table.AUTH_METHOD, true, Table.MAX_ID),
      number(Table.CREATED_AT, true),
      number(Table.RESOURCE_SERVER, false),
      text(Table.RESOURCES, false, Table.MAX_URI_LIST),
      text(Table.JWKS, false, Table.MAX_JWKS),
      text(Table.JWKS_URI, false, Table.MAX_URI),
      number(Table.EXPIRES_AT, false),
      number(Table.LIFETIME_ENDS_AT, false),
      text(Table.APPLICATION_TYPE, false, Table.MAX_ID),
      text(Table.ACCESS_TOKEN_FORMAT, false, Table.MAX_ID),
      text(Table.POST_LOGOUT_REDIRECT_URIS, false, Table.MAX_URI_LIST),
      text(Table.ID_TOKEN_SIGNED_RESPONSE_ALG, false, Table.MAX_ID),
      number(Table.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS, false),
      number(Table.DPOP_BOUND_ACCESS_TOKENS, false)),

  /**
   * Authorization codes, keyed by {@code code_hash}. A redeemed code stays as a tombstone with
   * {@code redeemed_at} set, so a replay can revoke what the code issued. A code of an OpenID
   * Connect request carries the client's {@code nonce} and what the host said of the sign-in
   * ({@code auth_time}, {@code acr}, {@code amr}), for the ID token. A code the request bound to a
   * DPoP key ({@code dpop_jkt}, RFC 9449 section 10) is redeemed only with a proof by that key.
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
      text(Table.RESOURCE, false, Table.MAX_URI_LIST),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true),
      number(Table.REDEEMED_AT, false),
      text(Table.NONCE, false, Table.MAX_ID),
      number(Table.AUTH_TIME, false),
      text(Table.ACR, false, Table.MAX_ID),
      text(Table.AMR, false, Table.MAX_ID),
      text(Table.DPOP_JKT, false, Table.MAX_HASH)),

  /**
   * Access tokens, keyed by {@code token_hash}. A token a client got for itself ({@code
   * client_credentials}) has no {@code user_id}, so no user's revocation can reach it. A token
   * issued for a delegation (token exchange) names who acts for its subject in {@code act}. A token
   * bound to a DPoP key has the key's thumbprint in {@code dpop_jkt}.
   */
  TOKENS(
      "tokens",
      Set.of(Table.USER_ID, Table.CLIENT_ID, Table.FAMILY),
      text(Table.TOKEN_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.USER_ID, false, Table.MAX_ID),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.FAMILY, true, Table.MAX_HASH),
      text(Table.RESOURCE, false, Table.MAX_URI_LIST),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true),
      text(Table.ACT, false, Table.MAX_ACT),
      text(Table.DPOP_JKT, false, Table.MAX_HASH)),

  /**
   * Refresh tokens, keyed by {@code token_hash}. A rotated token stays as a tombstone with {@code
   * rotated_at} set, so presenting it again is detected as reuse. It keeps the sign-in facts of its
   * code ({@code auth_time}, {@code acr}, {@code amr}), so a refresh can issue an ID token again. A
   * token bound to a DPoP key has the key's thumbprint in {@code dpop_jkt}.
   */
  REFRESH_TOKENS(
      "refresh_tokens",
      Set.of(Table.USER_ID, Table.CLIENT_ID, Table.FAMILY),
      text(Table.TOKEN_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.USER_ID, true, Table.MAX_ID),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.FAMILY, true, Table.MAX_HASH),
      text(Table.RESOURCE, false, Table.MAX_URI_LIST),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true),
      number(Table.ROTATED_AT, false),
      number(Table.AUTH_TIME, false),
      text(Table.ACR, false, Table.MAX_ID),
      text(Table.AMR, false, Table.MAX_ID),
      text(Table.DPOP_JKT, false, Table.MAX_HASH)),

  /**
   * Identifiers a {@link ClientAuthMethod} accepts only once, such as the {@code jti} of a client
   * assertion (RFC 7523 section 3), keyed by {@code id_hash}; each lives until the assertion
   * expires, so a replay is refused on every engine that shares the store.
   */
  ONE_TIME_IDS(
      "one_time_ids",
      Set.of(),
      text(Table.ID_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true)),

  /**
   * The engine's signing keys, one record per key set, keyed by {@code key_set} (such as {@code
   * ES256}): {@code keys} holds every key of the set with when it starts and stops signing, the
   * private keys encrypted under the host's key-encryption key; {@code revision} changes with every
   * write, so an engine that replaced a set it had not read sees it and merges. A key set never
   * expires.
   */
  SIGNING_KEYS(
      "signing_keys",
      Set.of(),
      text(Table.KEY_SET, true, Table.MAX_ID),
      text(Table.KEY_ENTRIES, true, Table.MAX_KEY_ENTRIES),
      text(Table.REVISION, true, Table.MAX_HASH),
      number(Table.UPDATED_AT, true)),

  /**
   * Pushed authorization requests (RFC 9126), keyed by {@code request_hash}, the SHA-256 of the
   * random part of the {@code request_uri} handed to the client: {@code request_parameters} holds
   * the checked request, form-encoded, for the client that pushed it. Each is used once and lives
   * at most ten minutes.
   */
  PUSHED_REQUESTS(
      "pushed_requests",
      Set.of(),
      text(Table.REQUEST_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.REQUEST_PARAMETERS, true, Table.MAX_REQUEST_PARAMETERS),
      number(Table.ISSUED_AT, true),
      number(Table.EXPIRES_AT, true)),

  /**
   * Device codes of the device authorization grant (RFC 8628), keyed by {@code code_hash}, the
   * device code's hash. {@code user_id} is set when the user approves, {@code denied_at} when the
   * user refuses; a code past {@code code_expires_at} answers {@code expired_token} until {@code
   * expires_at}. A redeemed code stays as a tombstone with {@code redeemed_at} set, as codes do.
   */
  DEVICE_CODES(
      "device_codes",
      Set.of(Table.USER_ID, Table.CLIENT_ID),
      text(Table.CODE_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      text(Table.USER_CODE_HASH, true, Table.MAX_HASH),
      text(Table.USER_ID, false, Table.MAX_ID),
      text(Table.SCOPE, false, Table.MAX_SCOPE),
      text(Table.RESOURCE, false, Table.MAX_URI_LIST),
      number(Table.DENIED_AT, false),
      number(Table.ISSUED_AT, true),
      number(Table.CODE_EXPIRES_AT, true),
      number(Table.EXPIRES_AT, true),
      number(Table.REDEEMED_AT, false)),

  /**
   * The user codes of pending device authorizations, keyed by {@code user_code_hash}, the hash of
   * the normalised user code; each names its device code's hash and carries the polling state:
   * {@code poll_interval} (milliseconds) and when the device last polled. A user code is removed
   * when the user decides.
   */
  USER_CODES(
      "user_codes",
      Set.of(),
      text(Table.USER_CODE_HASH, true, Table.MAX_HASH),
      text(Table.CODE_HASH, true, Table.MAX_HASH),
      text(Table.CLIENT_ID, true, Table.MAX_ID),
      number(Table.POLL_INTERVAL, true),
      number(Table.POLLED_AT, false),
      number(Table.ISSUED_AT, true),
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

  /** 1 when the host made the client a resource server, which may introspect any token. */
  public static final String RESOURCE_SERVER = "resource_server";

  /**
   * The resources (RFC 8707) a client may ask tokens for: absolute URIs, separated by single
   * spaces.
   */
  public static final String RESOURCES = "resources";

  /** The client's public keys as a JSON Web Key Set (RFC 7517), for {@code private_key_jwt}. */
  public static final String JWKS = "jwks";

  /** Where the client publishes its JSON Web Key Set, an {@code https} URL. */
  public static final String JWKS_URI = "jwks_uri";

  /**
   * The resources (RFC 8707) a code or token is for, its audience: absolute URIs, separated by
   * single spaces; absent when it is for none in particular.
   */
  public static final String RESOURCE = "resource";

  /** SHA-256 of a one-time identifier and the client that used it, base64url. */
  public static final String ID_HASH = "id_hash";

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

  /**
   * When the record stops being valid, epoch milliseconds; stores must not return it after. Every
   * code, token and one-time id has one; a client without one never expires.
   */
  public static final String EXPIRES_AT = "expires_at";

  /**
   * When a client's registration ends, epoch milliseconds, however much it is used: what RFC 7591
   * reports as {@code client_secret_expires_at}; absent for a client registered without a lifetime.
   */
  public static final String LIFETIME_ENDS_AT = "lifetime_ends_at";

  /** What kind of application a client is, {@code web} or {@code native}, as it registered. */
  public static final String APPLICATION_TYPE = "application_type";

  /** Which key set a {@link #SIGNING_KEYS} record holds, such as {@code ES256}. */
  public static final String KEY_SET = "key_set";

  /** The keys of a key set, as JSON; private keys only encrypted. */
  public static final String KEY_ENTRIES = "key_entries";

  /** A random value that changes with every write of a record, to detect a write not read. */
  public static final String REVISION = "revision";

  /** When the record was last written, epoch milliseconds. */
  public static final String UPDATED_AT = "updated_at";

  /**
   * How the client's access tokens are written, {@code opaque} or {@code jwt}, when the host chose
   * for it; absent for the engine's choice.
   */
  public static final String ACCESS_TOKEN_FORMAT = "access_token_format";

  /**
   * Who acts for a token's subject (RFC 8693 {@code act}): each actor's subject, percent-encoded,
   * the latest first, separated by single spaces.
   */
  public static final String ACT = "act";

  /** 1 when a client must push its authorization requests (RFC 9126 section 6). */
  public static final String REQUIRE_PUSHED_AUTHORIZATION_REQUESTS =
      "require_pushed_authorization_requests";

  /** 1 when a client's access tokens must be bound to a DPoP key (RFC 9449 section 5.2). */
  public static final String DPOP_BOUND_ACCESS_TOKENS = "dpop_bound_access_tokens";

  /**
   * The JWK SHA-256 thumbprint (RFC 7638), base64url, of the DPoP key a code or token is bound to
   * (RFC 9449); absent for a bearer token.
   */
  public static final String DPOP_JKT = "dpop_jkt";

  /** SHA-256 of the random part of a pushed request's {@code request_uri}, base64url. */
  public static final String REQUEST_HASH = "request_hash";

  /** A pushed authorization request's parameters as checked, form-encoded. */
  public static final String REQUEST_PARAMETERS = "request_parameters";

  /** When a code was redeemed; set on the tombstone a redeemed code leaves. */
  public static final String REDEEMED_AT = "redeemed_at";

  /** The hash of a normalised user code (RFC 8628 section 6.1). */
  public static final String USER_CODE_HASH = "user_code_hash";

  /** When the user refused a device authorization. */
  public static final String DENIED_AT = "denied_at";

  /** When a device code stops being usable; it answers {@code expired_token} after that. */
  public static final String CODE_EXPIRES_AT = "code_expires_at";

  /** The least time between two polls of a device code, in milliseconds. */
  public static final String POLL_INTERVAL = "poll_interval";

  /** When a device last polled with its device code. */
  public static final String POLLED_AT = "polled_at";

  /** When a refresh token was rotated; set on the tombstone a rotated token leaves. */
  public static final String ROTATED_AT = "rotated_at";

  /**
   * Where a client may send the user after logout (OpenID Connect RP-Initiated Logout), exact URIs
   * separated by single spaces.
   */
  public static final String POST_LOGOUT_REDIRECT_URIS = "post_logout_redirect_uris";

  /** The algorithm the client's ID tokens are signed with, when it chose one, such as RS256. */
  public static final String ID_TOKEN_SIGNED_RESPONSE_ALG = "id_token_signed_response_alg";

  /** The OpenID Connect {@code nonce} the client sent with its authorization request. */
  public static final String NONCE = "nonce";

  /**
   * When the user signed in, as the host said, epoch seconds (OpenID Connect {@code auth_time}).
   */
  public static final String AUTH_TIME = "auth_time";

  /** The authentication context class the sign-in satisfied, as the host said ({@code acr}). */
  public static final String ACR = "acr";

  /** How the user signed in, as the host said: {@code amr} values separated by single spaces. */
  public static final String AMR = "amr";

  /** Longest id, name or short text value, in characters. */
  public static final int MAX_ID = 256;

  /** Length of a base64url SHA-256 hash, with room for another hash of up to 512 bits. */
  public static final int MAX_HASH = 88;

  /** Longest single URI. */
  public static final int MAX_URI = 2048;

  /** Longest list of redirect URIs. */
  public static final int MAX_URI_LIST = 10 * (MAX_URI + 1);

  /** Longest JSON Web Key Set, in characters: room for a few RSA keys of 4096 bits. */
  public static final int MAX_JWKS = 16 * 1024;

  /** Longest key set, in characters: room for a dozen encrypted RSA keys of 4096 bits. */
  public static final int MAX_KEY_ENTRIES = 64 * 1024;

  /** Longest delegation chain as stored ({@link #ACT}). */
  public static final int MAX_ACT = 4096;

  /** Longest form-encoded pushed authorization request, in characters. */
  public static final int MAX_REQUEST_PARAMETERS = 16 * 1024;

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

  /**
   * The fields besides the key that {@link DataStore#removeAll} may name; a backend keeps an index
   * on each.
   */
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

  /** The fields every record of this table has, key first. */
  public List<String> requiredFields() {
    return requiredFields;
  }

  /**
   * Whether records of this table may carry {@code expires_at} and must vanish after it; where the
   * field is optional ({@link #APPLICATIONS}), a record without it never expires.
   */
  public boolean expires() {
    return fields.containsKey(EXPIRES_AT);
  }
}
