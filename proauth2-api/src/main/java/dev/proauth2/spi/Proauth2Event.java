package dev.proauth2.spi;

import java.time.Instant;

/**
 * Something the engine did that its operators may want to know, as a {@link Proauth2Listener}
 * receives it: a client registered, tokens issued, a stolen refresh token caught, a client locked
 * out. Each event is told once, after its outcome is certain, and carries the time, the client and
 * the user where there are ones, and a grant id where the event concerns a grant.
 *
 * <p>No event ever carries a token, code, secret, hash or assertion. The {@code grantId} names the
 * grant (all tokens from one authorization) without being a store key: it is derived from the
 * grant's family with a one-way hash, so events of one grant can be joined in logs while nothing in
 * them can be presented or looked up.
 */
public sealed interface Proauth2Event {

  /** When it happened, by the engine's clock. */
  Instant time();

  /**
   * The client concerned, or {@code null} when no client is (a user signed out, a store outage).
   */
  String clientId();

  /** A short, stable name for the kind of event, such as {@code tokens_issued}, for logs. */
  String type();

  /** A client was registered. */
  record ClientRegistered(Instant time, String clientId) implements Proauth2Event {
    @Override
    public String type() {
      return "client_registered";
    }
  }

  /** A client was given a new secret; the old one stopped working. */
  record ClientSecretRotated(Instant time, String clientId) implements Proauth2Event {
    @Override
    public String type() {
      return "client_secret_rotated";
    }
  }

  /**
   * A client was given new public keys (or a new {@code jwks_uri}); the old ones stopped working.
   */
  record ClientKeysRotated(Instant time, String clientId) implements Proauth2Event {
    @Override
    public String type() {
      return "client_keys_rotated";
    }
  }

  /** A client was deleted, with every code and token it held. */
  record ClientDeleted(Instant time, String clientId, long revoked) implements Proauth2Event {
    @Override
    public String type() {
      return "client_deleted";
    }
  }

  /** An authorization code was issued after the user's consent. */
  record CodeIssued(Instant time, String clientId, String userId, String grantId)
      implements Proauth2Event {
    @Override
    public String type() {
      return "code_issued";
    }
  }

  /**
   * Tokens were issued.
   *
   * @param userId the user, or {@code null} for a client's own token ({@code client_credentials})
   * @param grantType {@code authorization_code}, {@code refresh_token} or {@code
   *     client_credentials}
   */
  record TokensIssued(
      Instant time, String clientId, String userId, String grantId, String grantType)
      implements Proauth2Event {
    @Override
    public String type() {
      return "tokens_issued";
    }
  }

  /** A refresh token was used and replaced by a new one (rotation). */
  record RefreshRotated(Instant time, String clientId, String userId, String grantId)
      implements Proauth2Event {
    @Override
    public String type() {
      return "refresh_rotated";
    }
  }

  /**
   * A refresh token that was already rotated came back: it may have been stolen, so every token of
   * its grant was revoked (RFC 9700 section 4.14.2).
   */
  record RefreshReuseDetected(Instant time, String clientId, String userId, String grantId)
      implements Proauth2Event {
    @Override
    public String type() {
      return "refresh_reuse_detected";
    }
  }

  /**
   * A redeemed authorization code was presented again by its client, so every token it issued was
   * revoked (RFC 6749 section 4.1.2).
   */
  record CodeReplayDetected(Instant time, String clientId, String userId, String grantId)
      implements Proauth2Event {
    @Override
    public String type() {
      return "code_replay_detected";
    }
  }

  /**
   * A token was revoked (RFC 7009): an access token alone, or a refresh token with its grant.
   *
   * @param userId the user, or {@code null} for a client's own token
   * @param tokenType {@code access_token} or {@code refresh_token}
   * @param revokedBy the client that revoked it, or {@code null} when the host did
   */
  record TokenRevoked(
      Instant time,
      String clientId,
      String userId,
      String grantId,
      String tokenType,
      String revokedBy)
      implements Proauth2Event {
    @Override
    public String type() {
      return "token_revoked";
    }
  }

  /** Every code and token of a user was revoked ("sign me out everywhere"). */
  record UserSignedOut(Instant time, String userId, long revoked) implements Proauth2Event {
    @Override
    public String clientId() {
      return null;
    }

    @Override
    public String type() {
      return "user_signed_out";
    }
  }

  /**
   * A client failed to authenticate.
   *
   * @param clientId the client id presented, which may name no client
   * @param method the authentication method it used
   * @param reason {@code unknown_client}, {@code wrong_method}, {@code wrong_secret} or {@code
   *     locked_out}
   * @param source where the request came from, as the host said, or {@code null}
   */
  record ClientAuthenticationFailed(
      Instant time, String clientId, String method, String reason, String source)
      implements Proauth2Event {
    @Override
    public String type() {
      return "client_authentication_failed";
    }
  }

  /**
   * A client reached the failure limit from a source and is refused from there until the window
   * ends; told once, on the failure that reached it.
   */
  record ClientLockedOut(Instant time, String clientId, String source, long retryAfterSeconds)
      implements Proauth2Event {
    @Override
    public String type() {
      return "client_locked_out";
    }
  }

  /**
   * The store failed during an operation, which was refused with {@code temporarily_unavailable}.
   * The client was told only that; the detail is here and in the log.
   *
   * @param operation the engine operation, such as {@code token} or {@code authenticate_token}
   * @param detail what the store said, with any password redacted; for operators only
   */
  record StoreUnavailable(Instant time, String operation, String detail) implements Proauth2Event {
    @Override
    public String clientId() {
      return null;
    }

    @Override
    public String type() {
      return "store_unavailable";
    }
  }

  /**
   * A fetch of a URL a client named ({@code jwks_uri}, a Client ID Metadata Document) failed under
   * the outbound policy. The client was told only that its URL could not be used; the detail is
   * here and in the log.
   *
   * @param url the URL without its query
   * @param reason one of {@link OutboundFetchException#REASONS}
   * @param detail what happened, for operators only
   */
  record OutboundFetchFailed(Instant time, String url, String reason, String detail)
      implements Proauth2Event {
    @Override
    public String clientId() {
      return null;
    }

    @Override
    public String type() {
      return "outbound_fetch_failed";
    }
  }

  /**
   * A client's Client ID Metadata Document was fetched but refused (not JSON, its {@code client_id}
   * not its URL, a secret in it, a redirect URI this server refuses, the host's policy, ...). The
   * client was told only that its document could not be used; the detail is here and in the log.
   *
   * @param clientId the document's URL, which is the client's id
   * @param detail what was wrong, for operators only
   */
  record ClientMetadataDocumentRefused(Instant time, String clientId, String detail)
      implements Proauth2Event {
    @Override
    public String type() {
      return "client_metadata_document_refused";
    }
  }
}
