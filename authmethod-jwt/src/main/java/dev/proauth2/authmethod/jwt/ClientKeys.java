package dev.proauth2.authmethod.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.OutboundFetchException;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.text.ParseException;
import java.util.Optional;

/**
 * Where a client's keys come from: the set it registered inline, or the key source of its {@code
 * jwks_uri}. Only the client's own keys are ever used; keys named in an assertion's header are not
 * read.
 */
final class ClientKeys {

  /** The one description a client gets for every failure to fetch or use its jwks_uri's set. */
  static final String JWKS_URI_UNUSABLE =
      "the key set at the client's jwks_uri could not be fetched or used; the server's log has the"
          + " detail";

  private static final System.Logger LOG = System.getLogger(ClientKeys.class.getName());

  private final JwksUriSources uris;

  /**
   * One client's keys.
   *
   * @param source the keys
   * @param fetched whether they come from a {@code jwks_uri}
   * @param where how a message names them
   */
  record Keys(JWKSource<AssertionContext> source, boolean fetched, String where) {}

  ClientKeys(JwksUriSources uris) {
    this.uris = uris;
  }

  /** Whether the record holds keys at all, inline or by URL. */
  static boolean registered(Record application) {
    return application.string(Table.JWKS).isPresent()
        || application.string(Table.JWKS_URI).isPresent();
  }

  /**
   * The client's keys. An inline set is checked against {@link KeyRules} again, so a record stored
   * under older rules cannot make a check expensive.
   *
   * @throws Proauth2Exception {@code invalid_client} when the stored keys cannot be used
   */
  Keys of(Record application, ClientAuthContext context) {
    Optional<String> inline = application.string(Table.JWKS);
    if (inline.isPresent()) {
      return new Keys(
          new ImmutableJWKSet<>(inlineKeys(inline.get())), false, "the client's registered jwks");
    }
    String uri = application.string(Table.JWKS_URI).orElseThrow();
    try {
      return new Keys(
          uris.forUri(context.fetcher(), uri), true, "the key set at the client's jwks_uri");
    } catch (OutboundFetchException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the stored jwks_uri of client {0} is refused by the outbound policy ({1}): {2}",
          application.string(Table.CLIENT_ID).orElse("?"),
          e.reason(),
          e.getMessage());
      throw AssertionCheck.invalid(JWKS_URI_UNUSABLE);
    }
  }

  private static JWKSet inlineKeys(String json) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
      KeyRules.check(set, "the client's registered jwks");
    } catch (ParseException e) {
      throw AssertionCheck.invalid(
          "the client's stored jwks cannot be read; register its keys again with rotateKeys");
    } catch (KeyRules.Broken e) {
      throw AssertionCheck.invalid(
          e.getMessage() + "; register keys that keep this server's rules with rotateKeys");
    }
    return KeyRules.signingKeys(set);
  }
}
