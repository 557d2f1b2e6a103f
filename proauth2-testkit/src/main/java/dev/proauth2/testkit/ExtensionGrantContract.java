package dev.proauth2.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ExtensionGrant;
import dev.proauth2.spi.GrantRequest;
import dev.proauth2.spi.IssuedTokens;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link ExtensionGrant}: the rules its javadoc lists, one test each under
 * the same sentence. Extend it and implement {@link #grant()} and {@link #validRequest}, which puts
 * the tokens a valid request needs into a {@link TestGrantContext} and returns that request; run
 * it.
 */
public abstract class ExtensionGrantContract {

  /** The OAuth error codes a grant may answer with (RFC 6749 section 5.2, RFC 8707, RFC 8693). */
  private static final Set<String> OAUTH_ERRORS =
      Set.of(
          Proauth2Exception.INVALID_REQUEST,
          Proauth2Exception.INVALID_GRANT,
          Proauth2Exception.INVALID_SCOPE,
          Proauth2Exception.INVALID_TARGET,
          Proauth2Exception.UNAUTHORIZED_CLIENT,
          Proauth2Exception.INVALID_CLIENT,
          Proauth2Exception.UNSUPPORTED_TOKEN_TYPE);

  /** The grant under test. */
  protected abstract ExtensionGrant grant();

  /**
   * A request the grant answers with tokens, for the client of {@code context}; put the tokens it
   * presents into the context with {@link TestGrantContext#issue}.
   */
  protected abstract GrantRequest validRequest(TestGrantContext context);

  /** The context of a request; an authenticated client {@code client-1} by default. */
  protected TestGrantContext newContext() {
    return new TestGrantContext("client-1");
  }

  private static Proauth2Exception refused(Runnable call) {
    Proauth2Exception thrown = assertThrows(Proauth2Exception.class, call::run);
    assertTrue(OAUTH_ERRORS.contains(thrown.error()), "not an OAuth error: " + thrown.error());
    return thrown;
  }

  /** A value no client was given: random, shaped like a token. */
  private static String unknownValue() {
    return "x" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID();
  }

  /** The valid request with one parameter's values replaced. */
  private static GrantRequest replaced(GrantRequest valid, String name, String value) {
    Map<String, List<String>> parameters = new LinkedHashMap<>(valid.parameters());
    parameters.put(name, List.of(value));
    return new GrantRequest(valid.grantType(), parameters);
  }

  @Test
  @DisplayName("1. the grant type is an absolute URI without fragment")
  void grantTypeIsUri() {
    URI type = URI.create(grant().grantType());
    assertTrue(type.isAbsolute(), grant().grantType());
    assertEquals(null, type.getRawFragment(), grant().grantType());
  }

  @Test
  @DisplayName("2. a valid request is answered with the tokens the context issued")
  void validRequestIssues() {
    TestGrantContext context = newContext();
    IssuedTokens answer = grant().issue(validRequest(context), context);
    assertEquals(1, context.issued().size());
    assertEquals(context.issued().get(0).accessToken(), answer.accessToken());
  }

  @Test
  @DisplayName("3. a request without parameters is invalid_request and issues nothing")
  void emptyRequest() {
    TestGrantContext context = newContext();
    GrantRequest empty = new GrantRequest(grant().grantType(), Map.of());
    assertEquals(
        Proauth2Exception.INVALID_REQUEST, refused(() -> grant().issue(empty, context)).error());
    assertTrue(context.issued().isEmpty());
  }

  @Test
  @DisplayName(
      "4. every parameter replaced by a value no client was given is refused with an OAuth error"
          + " and issues nothing")
  void everyParameterChecked() {
    List<String> names = new ArrayList<>(validRequest(newContext()).parameters().keySet());
    for (String name : names) {
      TestGrantContext context = newContext();
      GrantRequest request = replaced(validRequest(context), name, unknownValue());
      refused(() -> grant().issue(request, context));
      assertTrue(context.issued().isEmpty(), name + " replaced, yet tokens were issued");
    }
  }

  @Test
  @DisplayName("5. a refused request records no one-time identifier")
  void refusedRecordsNothing() {
    for (String name : validRequest(newContext()).parameters().keySet()) {
      TestGrantContext context = newContext();
      GrantRequest request = replaced(validRequest(context), name, unknownValue());
      refused(() -> grant().issue(request, context));
      assertEquals(Set.of(), context.oneTimeIds(), name + " replaced");
    }
  }

  @Test
  @DisplayName("6. an error description never repeats a parameter value the client sent")
  void descriptionsRepeatNothing() {
    for (String name : validRequest(newContext()).parameters().keySet()) {
      TestGrantContext context = newContext();
      String value = unknownValue();
      GrantRequest request = replaced(validRequest(context), name, value);
      String description = refused(() -> grant().issue(request, context)).getMessage();
      assertFalse(description.contains(value), name + ": " + description);
    }
  }

  @Test
  @DisplayName(
      "7. a token the context does not know is invalid_grant or invalid_request and issues nothing")
  void unknownToken() {
    TestGrantContext probe = newContext();
    GrantRequest valid = validRequest(probe);
    int tokens = 0;
    for (Map.Entry<String, List<String>> parameter : valid.parameters().entrySet()) {
      if (parameter.getValue().stream().noneMatch(probe::isToken)) {
        continue;
      }
      tokens++;
      TestGrantContext context = newContext();
      GrantRequest request =
          replaced(validRequest(context), parameter.getKey(), UUID.randomUUID() + ".unknown");
      String error = refused(() -> grant().issue(request, context)).error();
      assertTrue(
          error.equals(Proauth2Exception.INVALID_GRANT)
              || error.equals(Proauth2Exception.INVALID_REQUEST),
          parameter.getKey() + ": " + error);
      assertTrue(context.issued().isEmpty());
    }
    assertTrue(tokens > 0, "the valid request presents no token of the context");
  }
}
