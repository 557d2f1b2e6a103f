package dev.proauth2.servlet;

import dev.proauth2.SignIn;
import dev.proauth2.endpoint.AuthorizationCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The host's part of {@code /authorize}: who is signed in, how to sign in, and the consent page.
 * proauth2 has no users; the host does. {@link Proauth2Servlet} calls these only for an
 * authorization request it has already checked, and does the cross-site request forgery protection
 * around them itself: the page gets its one-time nonce in {@link ConsentPrompt#hiddenInputs()}, and
 * the answer is acted on only when it carries that nonce, from the same session and this origin.
 *
 * <pre>{@code
 * final class MyConsentPage implements ConsentPage {
 *   public Optional<String> userId(HttpServletRequest req) {
 *     return Optional.ofNullable(req.getRemoteUser());
 *   }
 *   public void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
 *     resp.sendRedirect("/login?next=" + URLEncoder.encode(ConsentPage.currentUrl(req), UTF_8));
 *   }
 *   public void render(ConsentPrompt prompt, HttpServletRequest req, HttpServletResponse resp)
 *       throws IOException {
 *     resp.setContentType("text/html;charset=UTF-8");
 *     resp.getWriter().write("<form method=post action='" + prompt.action() + "'>"
 *         + prompt.hiddenInputs() + "Let " + Html.escape(prompt.clientName()) + " read your data?"
 *         + "<button name=consent value=approve>Allow</button>"
 *         + "<button name=consent value=deny>Deny</button></form>");
 *   }
 * }
 * }</pre>
 */
public interface ConsentPage {

  /**
   * The id of the user signed in on this request, as tokens should carry it; empty when nobody is.
   */
  Optional<String> userId(HttpServletRequest request);

  /**
   * Answers a request from a browser that is not signed in, typically with a redirect to the login
   * page that comes back to {@link #currentUrl(HttpServletRequest)} afterwards.
   */
  void login(HttpServletRequest request, HttpServletResponse response) throws IOException;

  /**
   * Writes the consent page: a form that posts {@link ConsentPrompt#hiddenInputs()} and a field
   * {@value ConsentPrompt#CONSENT} of {@value ConsentPrompt#APPROVE} or {@value ConsentPrompt#DENY}
   * to {@link ConsentPrompt#action()}. The response already says {@code Cache-Control: no-store}
   * and may not be framed by another site.
   */
  void render(ConsentPrompt prompt, HttpServletRequest request, HttpServletResponse response)
      throws IOException;

  /**
   * When and how the signed-in user signed in, for OpenID Connect's ID token ({@code auth_time},
   * {@code acr}, {@code amr}) and {@code max_age}; by default nothing is said.
   */
  default SignIn signIn(HttpServletRequest request) {
    return SignIn.unknown();
  }

  /**
   * Whether the signed-in user already consented to what this request asks, so OpenID Connect's
   * {@code prompt=none} may be answered with a code; by default never, so it gets {@code
   * consent_required}.
   */
  default boolean consented(HttpServletRequest request, AuthorizationCheck check) {
    return false;
  }

  /** The URL of this request, with its query: where to come back to after the login. */
  static String currentUrl(HttpServletRequest request) {
    String query = request.getQueryString();
    return request.getRequestURL() + (query == null ? "" : "?" + query);
  }
}
