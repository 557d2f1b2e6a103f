package dev.proauth2.oidc;

import dev.proauth2.ClientRegistration;
import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.spi.Proauth2Exception;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * RP-Initiated Logout 1.0: a client sends the user here to sign out of the provider, with an {@code
 * id_token_hint}, and may ask to have them sent back to one of its registered {@code
 * post_logout_redirect_uris} (matched exactly) with its {@code state}.
 *
 * <pre>{@code
 * EndSessionEndpoint logout = new EndSessionEndpoint(oauth, openId);
 * LogoutRequest asked = logout.check(request);        // GET or POST /connect/logout
 * if (!asked.isValid()) return asked.errorResponse();         // 400 page, never a redirect
 * // ... end the host's session for asked.subject() (ask the user first unless the hint
 * //     names the user signed in), optionally oauth.revokeAll(userId) ...
 * return asked.signedOut();                                   // 302 back to the client, or a page
 * }</pre>
 *
 * <p>A redirect back needs a client, named by the hint's audience or by {@code client_id}, and a
 * URI that client registered; anything else is refused with a page, since redirecting to a URI no
 * client registered would make the provider an open redirector.
 */
public final class EndSessionEndpoint {

  private final Proauth2 oauth;
  private final OpenIdProvider provider;

  /** Serves logout for an engine the provider was applied to; thread-safe. */
  public EndSessionEndpoint(Proauth2 oauth, OpenIdProvider provider) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /** The outcome of {@link #check}: a logout to carry out, or an error page. */
  public static final class LogoutRequest {
    private final Proauth2Exception error;
    private final ClientRegistration client;
    private final String subject;
    private final String redirectTarget;

    private LogoutRequest(
        Proauth2Exception error, ClientRegistration client, String subject, String target) {
      this.error = error;
      this.client = client;
      this.subject = subject;
      this.redirectTarget = target;
    }

    /** Whether the request may be carried out. */
    public boolean isValid() {
      return error == null;
    }

    /** The error, for a refused request. */
    public Optional<Proauth2Exception> error() {
      return Optional.ofNullable(error);
    }

    /** The client that asked, when the hint or {@code client_id} named one. */
    public Optional<ClientRegistration> client() {
      return Optional.ofNullable(client);
    }

    /**
     * The {@code sub} of the {@code id_token_hint}, as that client saw it, when one was sent: the
     * host compares it with its signed-in user's ({@link SubjectIdentifiers#subject}).
     */
    public Optional<String> subject() {
      return Optional.ofNullable(subject);
    }

    /** The 400 page of a refused request. */
    public EndpointResponse errorResponse() {
      if (error == null) {
        throw new IllegalStateException("the logout request is valid");
      }
      return page(400, "Logout request refused", error.getMessage());
    }

    /**
     * The answer once the host has signed the user out: a 302 to the registered post-logout URI
     * with the client's {@code state}, or a page saying the user is signed out.
     */
    public EndpointResponse signedOut() {
      if (error != null) {
        throw new IllegalStateException("the logout request was refused: " + error.error());
      }
      if (redirectTarget == null) {
        return page(200, "Signed out", "You are signed out.");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Location", redirectTarget);
      headers.put("Cache-Control", "no-store");
      return new EndpointResponse(302, headers, "");
    }
  }

  /** Checks a logout request; never throws for anything the request contains. */
  public LogoutRequest check(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      Map<String, List<String>> parameters;
      if (request.method().equals("GET")) {
        parameters = request.queryParameters();
      } else if (request.method().equals("POST")) {
        parameters = request.formParameters();
      } else {
        throw invalid("the logout endpoint accepts GET and POST");
      }
      String hint = single(parameters, "id_token_hint");
      String clientId = single(parameters, "client_id");
      String postLogout = single(parameters, "post_logout_redirect_uri");
      String state = single(parameters, "state");
      String subject = null;
      List<String> audience = List.of();
      if (hint != null) {
        String issuer = oauth.issuer().orElseThrow();
        IdTokenHints.Hint read = new IdTokenHints(provider.signing(), issuer).read(hint);
        subject = read.subject();
        audience = read.audience();
      }
      if (clientId != null && hint != null && !audience.contains(clientId)) {
        throw invalid("client_id is not the audience of id_token_hint");
      }
      String named = clientId != null ? clientId : audience.isEmpty() ? null : audience.get(0);
      ClientRegistration client = named == null ? null : oauth.findApp(named).orElse(null);
      if (named != null && client == null) {
        throw invalid("the client is not registered here");
      }
      String target = null;
      if (postLogout != null) {
        if (client == null) {
          throw invalid(
              "post_logout_redirect_uri needs id_token_hint or client_id to name the client");
        }
        if (!client.openId().postLogoutRedirectUris().contains(postLogout)) {
          throw invalid(
              "post_logout_redirect_uri is not one the client registered (compared exactly)");
        }
        target = postLogout;
        if (state != null) {
          target +=
              (postLogout.contains("?") ? "&" : "?")
                  + "state="
                  + URLEncoder.encode(state, StandardCharsets.UTF_8).replace("+", "%20");
        }
      }
      return new LogoutRequest(null, client, subject, target);
    } catch (Proauth2Exception e) {
      return new LogoutRequest(e, null, null, null);
    }
  }

  private static String single(Map<String, List<String>> parameters, String name) {
    List<String> values =
        parameters.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
    if (values.size() > 1) {
      throw invalid(name + " is sent more than once");
    }
    if (values.isEmpty()) {
      return null;
    }
    String value = values.get(0);
    if (value.length() > dev.proauth2.OpenIdParameters.MAX_ID_TOKEN_HINT
        || value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      throw invalid(name + " is too long or holds a control character");
    }
    return value;
  }

  private static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_REQUEST, description);
  }

  private static EndpointResponse page(int status, String title, String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html;charset=UTF-8");
    headers.put("Cache-Control", "no-store");
    headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    String body =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
            + escape(title)
            + "</title></head>\n<body>\n<h1>"
            + escape(title)
            + "</h1>\n<p>"
            + escape(text)
            + "</p>\n</body>\n</html>\n";
    return new EndpointResponse(status, headers, body);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
