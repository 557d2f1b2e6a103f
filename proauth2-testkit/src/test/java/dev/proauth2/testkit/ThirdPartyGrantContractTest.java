package dev.proauth2.testkit;

import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantContext;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.IssuedToken;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Exception;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/**
 * The contract on a second grant, written as a third party would from the SPI's javadoc alone, so
 * the contract is shown to hold for more than the one grant this project ships.
 */
@DisplayName("a third party's grant keeps the extension grant contract")
class ThirdPartyGrantContractTest extends ExtensionGrantContract {

  /**
   * Trades an access token for one bound to a single one of its resources, for a service that
   * forwards a call to one API only.
   */
  static final class SingleResourceGrant implements ExtensionGrant {

    static final String TYPE = "urn:example:params:oauth:grant-type:single-resource";

    @Override
    public String grantType() {
      return TYPE;
    }

    @Override
    public IssuedTokens issue(GrantRequest request, GrantContext context) {
      String token = request.required("token");
      String resource = request.required("resource");
      IssuedToken basis =
          context
              .findAccessToken(token)
              .orElseThrow(
                  () ->
                      new Proauth2Exception(
                          Proauth2Exception.INVALID_GRANT,
                          "the token is unknown, expired or revoked"));
      return context.issueWithin(basis, null, List.of(resource), null);
    }
  }

  @Override
  protected ExtensionGrant grant() {
    return new SingleResourceGrant();
  }

  @Override
  protected GrantRequest validRequest(TestGrantContext context) {
    IssuedToken user =
        new IssuedToken(
            "alice",
            context.clientId(),
            "read",
            List.of("https://orders.example/api", "https://billing.example/api"),
            context.now().plusSeconds(600),
            "grant-1",
            null);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("token", List.of(context.issue(user)));
    parameters.put("resource", List.of("https://orders.example/api"));
    return new GrantRequest(SingleResourceGrant.TYPE, parameters);
  }
}
