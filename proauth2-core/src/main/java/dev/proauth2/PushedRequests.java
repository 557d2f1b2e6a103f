package dev.proauth2;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Pushed authorization requests (RFC 9126): keeps a checked request under the hash of a random
 * {@code request_uri}, hands it back to the client that pushed it, and lets it be used once. The
 * clear {@code request_uri} is never stored.
 */
final class PushedRequests {

  /** The prefix of every {@code request_uri} (RFC 9126 section 2.2). */
  static final String URN = "urn:ietf:params:oauth:request_uri:";

  private static final String UNUSABLE =
      "the request_uri is unknown, expired, already used or was pushed by another client; push the"
          + " authorization request again";

  private final DataStore store;
  private final Policy policy;

  PushedRequests(DataStore store, Policy policy) {
    this.store = store;
    this.policy = policy;
  }

  /** Stores a request that passed every check, for its client; returns its reference. */
  PushedAuthorization push(String clientId, AuthorizationRequest checked) {
    String random = Secrets.newSecret();
    String parameters = encode(checked);
    if (parameters.length() > Table.MAX_REQUEST_PARAMETERS) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "the authorization request is longer than "
              + Table.MAX_REQUEST_PARAMETERS
              + " characters once encoded; send fewer or shorter parameters");
    }
    long now = policy.now();
    long ttl = policy.pushedRequestTtl().toMillis();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.REQUEST_HASH, SecretHashes.sha256(random));
    fields.put(Table.CLIENT_ID, clientId);
    fields.put(Table.REQUEST_PARAMETERS, parameters);
    fields.put(Table.ISSUED_AT, now);
    fields.put(Table.EXPIRES_AT, now + ttl);
    store.put(Table.PUSHED_REQUESTS, Record.of(fields));
    return new PushedAuthorization(URN + random, ttl / 1000);
  }

  /**
   * The request a {@code request_uri} stands for, if the client pushed it and it is live; it stays
   * usable.
   *
   * @throws Proauth2Exception {@code invalid_request_uri} otherwise, the same for every reason
   */
  AuthorizationRequest find(String clientId, String requestUri) {
    return decode(clientId, stored(clientId, requestUri));
  }

  /**
   * Uses a {@code request_uri} up and returns its request: of many callers at once, exactly one
   * gets it.
   *
   * @throws Proauth2Exception {@code invalid_request_uri} when it is not usable by this client
   */
  AuthorizationRequest use(String clientId, String requestUri) {
    Record pushed = stored(clientId, requestUri);
    if (!store.remove(Table.PUSHED_REQUESTS, pushed.string(Table.REQUEST_HASH).orElseThrow())) {
      throw unusable();
    }
    return decode(clientId, pushed);
  }

  private Record stored(String clientId, String requestUri) {
    Inputs.clientId(clientId, Proauth2Exception.INVALID_REQUEST);
    if (requestUri == null || !requestUri.startsWith(URN)) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST_URI,
          requestUri == null
              ? "request_uri is missing"
              : "request_uri must be one this server handed out at its pushed authorization"
                  + " request endpoint ("
                  + URN
                  + "...)");
    }
    String random =
        Inputs.secret(
            requestUri.substring(URN.length()),
            "request_uri",
            Proauth2Exception.INVALID_REQUEST_URI,
            Proauth2Exception.INVALID_REQUEST_URI);
    Record pushed =
        store
            .fetch(Table.PUSHED_REQUESTS, SecretHashes.sha256(random))
            .orElseThrow(PushedRequests::unusable);
    if (!clientId.equals(pushed.string(Table.CLIENT_ID).orElse(null))) {
      throw unusable();
    }
    return pushed;
  }

  private static Proauth2Exception unusable() {
    return new Proauth2Exception(Proauth2Exception.INVALID_REQUEST_URI, UNUSABLE);
  }

  /** The request's parameters, form-encoded; the client id and user are not part of it. */
  private static String encode(AuthorizationRequest request) {
    StringBuilder form = new StringBuilder();
    append(form, "response_type", request.responseType());
    append(form, "redirect_uri", request.redirectUri());
    append(form, "scope", request.scope());
    append(form, "state", request.state());
    append(form, "code_challenge", request.codeChallenge());
    if (request.codeChallengeMethod() != null) {
      append(form, "code_challenge_method", request.codeChallengeMethod().value());
    }
    for (String resource : request.resources()) {
      append(form, "resource", resource);
    }
    append(form, "dpop_jkt", request.dpopJkt());
    OpenIdParameters openId = request.openId();
    append(form, "nonce", openId.nonce());
    if (!openId.prompt().isEmpty()) {
      StringJoiner prompt = new StringJoiner(" ");
      openId.prompt().forEach(value -> prompt.add(value.value()));
      append(form, "prompt", prompt.toString());
    }
    if (openId.maxAge() != null) {
      append(form, "max_age", Long.toString(openId.maxAge().toSeconds()));
    }
    append(form, "login_hint", openId.loginHint());
    append(form, "id_token_hint", openId.idTokenHint());
    append(form, "ui_locales", openId.uiLocales());
    append(form, "display", openId.display());
    append(form, "acr_values", openId.acrValues());
    return form.toString();
  }

  private static void append(StringBuilder form, String name, String value) {
    if (value == null) {
      return;
    }
    if (form.length() > 0) {
      form.append('&');
    }
    form.append(name).append('=').append(Authorizations.encode(value));
  }

  private static AuthorizationRequest decode(String clientId, Record pushed) {
    Map<String, String> single = new LinkedHashMap<>();
    List<String> resources = new ArrayList<>();
    for (String pair : pushed.string(Table.REQUEST_PARAMETERS).orElseThrow().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (name.equals("resource")) {
        resources.add(value);
      } else {
        single.put(name, value);
      }
    }
    return AuthorizationRequest.builder()
        .clientId(clientId)
        .responseType(single.get("response_type"))
        .redirectUri(single.get("redirect_uri"))
        .scope(single.get("scope"))
        .state(single.get("state"))
        .codeChallenge(single.get("code_challenge"))
        .codeChallengeMethod(
            CodeChallengeMethod.fromValue(single.get("code_challenge_method")).orElse(null))
        .resources(resources)
        .dpopJkt(single.get("dpop_jkt"))
        .openId(OpenIdParameters.parse(single::get))
        .build();
  }
}
