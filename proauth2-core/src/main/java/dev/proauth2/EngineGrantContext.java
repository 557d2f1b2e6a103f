package dev.proauth2;

import dev.proauth2.spi.Actor;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.GrantContext;
import dev.proauth2.spi.IssuedToken;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's side of {@link GrantContext} for one request of one client: it remembers the tokens
 * it found, so a grant can issue only within one of them, and the one issuance it made, so the
 * engine can check the grant's answer and withdraw it if the grant fails afterwards.
 */
final class EngineGrantContext implements GrantContext {

  private final DataStore store;
  private final Tokens tokens;
  private final Policy policy;
  private final Record client;
  private final String clientId;
  private final String grantType;
  private final EngineAuthContext oneTime;
  private final Map<IssuedToken, Record> found = new IdentityHashMap<>();
  private Tokens.Issued issued;
  private Tokens.Grant issuedGrant;

  EngineGrantContext(
      DataStore store, Tokens tokens, Policy policy, Record client, String grantType) {
    this.store = store;
    this.tokens = tokens;
    this.policy = policy;
    this.client = client;
    this.clientId = client.string(Table.CLIENT_ID).orElseThrow();
    this.grantType = grantType;
    this.oneTime = new EngineAuthContext(store, policy, null, clientId);
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public boolean clientAuthenticated() {
    return !Clients.isPublic(client);
  }

  @Override
  public Instant now() {
    return policy.instant();
  }

  @Override
  public Optional<IssuedToken> findAccessToken(String token) {
    if (token == null || token.isEmpty() || token.length() > Tokens.MAX_SIGNED_TOKEN) {
      return Optional.empty();
    }
    return tokens.findAccess(token).map(this::remembered);
  }

  private IssuedToken remembered(Record record) {
    IssuedToken token =
        new IssuedToken(
            record.string(Table.USER_ID).orElse(null),
            record.string(Table.CLIENT_ID).orElseThrow(),
            record.string(Table.SCOPE).orElse(null),
            Resources.parse(record.string(Table.RESOURCE).orElse(null)),
            Instant.ofEpochMilli(record.number(Table.EXPIRES_AT).orElseThrow()),
            Events.grantId(record.string(Table.FAMILY).orElseThrow()),
            Actors.decode(record.string(Table.ACT).orElse(null)));
    found.put(token, record);
    return token;
  }

  @Override
  public IssuedTokens issueWithin(
      IssuedToken basis, String scope, List<String> resources, Actor actor) {
    Objects.requireNonNull(basis, "basis");
    Record record = found.get(basis);
    if (record == null) {
      throw new IllegalArgumentException("the basis token was not found by this context");
    }
    if (issued != null) {
      throw new IllegalArgumentException("a grant issues tokens once per request");
    }
    String granted = narrowedScope(scope, record.string(Table.SCOPE).orElse(null));
    String audience = narrowedAudience(resources, record.string(Table.RESOURCE).orElse(null));
    long basisEnd = record.number(Table.EXPIRES_AT).orElseThrow();
    if (basisEnd - policy.now() < 1000) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_GRANT,
          "the token presented expires within a second; present a fresh one");
    }
    Tokens.Grant grant =
        new Tokens.Grant(
            clientId,
            record.string(Table.USER_ID).orElse(null),
            granted,
            granted,
            audience,
            audience,
            record.string(Table.FAMILY).orElseThrow(),
            basisEnd,
            basisEnd,
            Actors.encode(actor),
            null);
    Tokens.Issued made = tokens.issue(client, grant, false);
    // The new token belongs to the basis token's grant: if that was revoked meanwhile, the
    // revocation may have missed the new token, so it is withdrawn (see Tokens).
    boolean basisLive;
    try {
      basisLive =
          store.fetch(Table.TOKENS, record.string(Table.TOKEN_HASH).orElseThrow()).isPresent();
    } catch (RuntimeException e) {
      throw made.withdraw(e);
    }
    if (!basisLive) {
      throw made.withdraw(
          new Proauth2Exception(
              Proauth2Exception.INVALID_GRANT,
              "the token presented was revoked while the new one was issued"));
    }
    issued = made;
    issuedGrant = grant;
    return new IssuedTokens(
        made.response().accessToken(), made.response().expiresIn(), granted, null);
  }

  /**
   * The scope of a token issued within another: what was asked for, within both the basis token's
   * and the client's; or, when nothing was asked for, those of the basis token's the client may
   * have.
   */
  private String narrowedScope(String asked, String basisScope) {
    Set<String> requested = Scopes.parse(asked, Proauth2Exception.INVALID_SCOPE);
    String clientScope = client.string(Table.SCOPE).orElse(null);
    if (!requested.isEmpty()) {
      Scopes.grant(requested, basisScope);
      return Scopes.grant(requested, clientScope);
    }
    if (basisScope == null || clientScope == null) {
      return null;
    }
    Set<String> both = new LinkedHashSet<>();
    for (String value : Scopes.parse(basisScope, Proauth2Exception.SERVER_ERROR)) {
      if (Scopes.contains(clientScope, value)) {
        both.add(value);
      }
    }
    return Scopes.join(both);
  }

  /** The resources: those named, within the basis token's (RFC 8707) and the client's. */
  private String narrowedAudience(List<String> named, String basisAudience) {
    List<String> checked =
        Resources.check(named == null ? List.of() : named, Proauth2Exception.INVALID_TARGET);
    String audience = Resources.narrowed(checked, basisAudience);
    Resources.audience(
        Resources.parse(audience), Resources.allowedFor(client, policy.resources()), null);
    return audience;
  }

  @Override
  public boolean firstUse(String id, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (id == null || id.isEmpty() || id.length() > Table.MAX_ID) {
      throw new IllegalArgumentException(
          "a one-time identifier must have 1 to " + Table.MAX_ID + " characters");
    }
    // Kept apart from client assertions' identifiers and other grants' by the grant type.
    return oneTime.firstUse(SecretHashes.sha256("grant " + grantType + "\n" + id), expiresAt);
  }

  /** What this context issued the tokens for, or {@code null}. */
  Tokens.Grant issuedGrant() {
    return issuedGrant;
  }

  /** What this context issued in the request, or {@code null}. */
  Tokens.Issued issued() {
    return issued;
  }
}
