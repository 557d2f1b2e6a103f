package dev.proauth2.grant.exchange;

import dev.proauth2.AuthorizationCode;
import dev.proauth2.AuthorizationRequest;
import dev.proauth2.ClientRegistration;
import dev.proauth2.GrantType;
import dev.proauth2.Proauth2;
import dev.proauth2.RegistrationRequest;
import dev.proauth2.TokenRequest;
import dev.proauth2.TokenResponse;
import dev.proauth2.spi.GrantRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Clients, user grants and exchange requests for the tests, on a real engine. */
final class Engines {

  static final String ISSUER = "https://auth.example";
  static final String REDIRECT = "https://app.example/cb";
  static final String API = "https://api.example/a";
  static final String OTHER_API = "https://api.example/b";
  static final String USER = "alice@example.com";

  private Engines() {}

  /** A client for users' grants (code and refresh), scopes "read write". */
  static ClientRegistration app(Proauth2 oauth) {
    return oauth.registerApp(
        RegistrationRequest.builder("App")
            .redirectUri(REDIRECT)
            .scope("read write")
            .extensionGrantType(TokenExchangeGrant.GRANT_TYPE)
            .grantType(GrantType.AUTHORIZATION_CODE)
            .grantType(GrantType.REFRESH_TOKEN)
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .build());
  }

  /** A service that exchanges tokens and acts with its own client_credentials token. */
  static ClientRegistration service(Proauth2 oauth, String name) {
    return oauth.registerApp(
        RegistrationRequest.builder(name)
            .scope("read write")
            .extensionGrantType(TokenExchangeGrant.GRANT_TYPE)
            .grantType(GrantType.CLIENT_CREDENTIALS)
            .build());
  }

  /** A user's grant for a client: the code flow, with these resources. */
  static TokenResponse userGrant(
      Proauth2 oauth, ClientRegistration client, String scope, String... resources) {
    AuthorizationRequest.Builder request =
        AuthorizationRequest.builder()
            .clientId(client.clientId())
            .userId(USER)
            .redirectUri(REDIRECT)
            .scope(scope);
    for (String resource : resources) {
      request.resource(resource);
    }
    AuthorizationCode code = oauth.requestAuthorization(request.build());
    return oauth.requestAccessToken(
        TokenRequest.authorizationCode(
            client.clientId(), client.clientSecret(), code.code(), REDIRECT, null));
  }

  /** A client's own token. */
  static TokenResponse own(Proauth2 oauth, ClientRegistration client) {
    return oauth.requestAccessToken(
        TokenRequest.clientCredentials(client.clientId(), client.clientSecret(), null));
  }

  /** An exchange request: the subject token, then more parameters as name, value pairs. */
  static GrantRequest exchange(String subjectToken, String... more) {
    return typedExchange(subjectToken, TokenExchangeGrant.ACCESS_TOKEN_TYPE, more);
  }

  /** An exchange request whose subject token is of this type. */
  static GrantRequest typedExchange(String subjectToken, String type, String... more) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("subject_token", new ArrayList<>(List.of(subjectToken)));
    parameters.put("subject_token_type", new ArrayList<>(List.of(type)));
    for (int i = 0; i < more.length; i += 2) {
      parameters.computeIfAbsent(more[i], name -> new ArrayList<>()).add(more[i + 1]);
    }
    return new GrantRequest(TokenExchangeGrant.GRANT_TYPE, parameters);
  }

  /** Exchanges for a client. */
  static TokenResponse run(Proauth2 oauth, ClientRegistration client, GrantRequest request) {
    return oauth.requestExtensionGrant(client.clientId(), client.clientSecret(), request);
  }
}
