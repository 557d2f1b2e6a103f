package dev.proauth2.thirdparty;

import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantContext;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.IssuedToken;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Exception;

/**
 * A third party's extension grant, written from the SPI's javadoc alone: it trades an access token
 * this server issued for a narrower one. Its scope and resources are passed through unchecked, so
 * the engine's own limits are what the tests see.
 */
public class NarrowingGrant implements ExtensionGrant {

  /** The grant type it answers. */
  public static final String TYPE = "urn:example:params:oauth:grant-type:narrow";

  @Override
  public String grantType() {
    return TYPE;
  }

  @Override
  public IssuedTokens issue(GrantRequest request, GrantContext context) {
    IssuedToken basis =
        context
            .findAccessToken(request.required("token"))
            .orElseThrow(
                () ->
                    new Proauth2Exception(
                        Proauth2Exception.INVALID_GRANT,
                        "the token is unknown, expired or revoked"));
    return context
        .issueWithin(basis, request.single("scope").orElse(null), request.all("resource"), null)
        .withIssuedTokenType("urn:ietf:params:oauth:token-type:access_token");
  }
}
