package dev.proauth2.grant.exchange;

import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.IssuedToken;
import dev.proauth2.testkit.ExtensionGrantContract;
import dev.proauth2.testkit.TestGrantContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Token exchange keeps the grant contract, on a request that uses every parameter it reads. */
@DisplayName("token exchange keeps the extension grant contract")
class TokenExchangeContractTest extends ExtensionGrantContract {

  @Override
  protected ExtensionGrant grant() {
    return new TokenExchangeGrant();
  }

  @Override
  protected GrantRequest validRequest(TestGrantContext context) {
    IssuedToken user =
        new IssuedToken(
            "alice",
            context.clientId(),
            "read write",
            List.of("https://api.example/a", "https://api.example/b"),
            context.now().plusSeconds(3600),
            "grant-1",
            null);
    IssuedToken own =
        new IssuedToken(
            null,
            context.clientId(),
            null,
            List.of(),
            context.now().plusSeconds(3600),
            "grant-2",
            null);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("subject_token", List.of(context.issue(user)));
    parameters.put("subject_token_type", List.of(TokenExchangeGrant.ACCESS_TOKEN_TYPE));
    parameters.put("actor_token", List.of(context.issue(own)));
    parameters.put("actor_token_type", List.of(TokenExchangeGrant.ACCESS_TOKEN_TYPE));
    parameters.put("requested_token_type", List.of(TokenExchangeGrant.ACCESS_TOKEN_TYPE));
    parameters.put("scope", List.of("read"));
    parameters.put("resource", List.of("https://api.example/a"));
    return new GrantRequest(TokenExchangeGrant.GRANT_TYPE, parameters);
  }
}
