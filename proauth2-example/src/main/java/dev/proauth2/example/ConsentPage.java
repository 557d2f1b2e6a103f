package dev.proauth2.example;

import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.Html;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's consent page: who asks, for what, and where the answer goes, with two buttons. The
 * form posts every parameter of the authorization request back to {@code /authorize} with {@code
 * consent=approve} or {@code consent=deny}.
 *
 * <p>Everything the client chose is HTML-escaped, the page may not be framed, so another site
 * cannot trick a user into clicking Approve, and the form carries the {@link ConsentGuard} nonce,
 * so another site cannot post an answer for the user. A real host would also log the user in; the
 * demo has one fixed user.
 */
final class ConsentPage {

  private ConsentPage() {}

  static EndpointResponse render(AuthorizationCheck check, String user, String nonce) {
    Map<String, String> fields = new LinkedHashMap<>(check.parameters());
    fields.remove("consent");
    fields.put(ConsentGuard.FIELD, nonce);
    String scope = check.scope().orElse("(no particular scope)");
    return HtmlPage.of(
        "Authorize " + check.client().name(),
        "<h1>Authorize <em>"
            + Html.escape(check.client().name())
            + "</em>?</h1>\n"
            + "<p>You are signed in as <strong>"
            + Html.escape(user)
            + "</strong> (the demo's only user).</p>\n"
            + check
                .metadataDocumentOrigin()
                .map(
                    origin ->
                        "<p>This application describes itself at <strong>"
                            + Html.escape(origin)
                            + "</strong>; that site is all its name is vouched for by.</p>\n")
                .orElse("")
            + (check.redirectsOnlyToLoopback()
                ? "<p><strong>Warning:</strong> this application sends your answer to a program"
                    + " on your own computer (localhost). Approve only if you started it.</p>\n"
                : "")
            + "<p>The application <code>"
            + Html.escape(check.client().clientId())
            + "</code> asks for access with scope <code>"
            + Html.escape(scope)
            + "</code>"
            + (check.resources().isEmpty()
                ? ""
                : ", for use at <code>"
                    + Html.escape(String.join(" ", check.resources()))
                    + "</code>")
            + ".</p>\n"
            + "<p>Your answer goes back to <code>"
            + Html.escape(check.redirectUri())
            + "</code>.</p>\n"
            + "<form method=\"post\" action=\"authorize\">\n"
            + Html.hiddenInputs(fields)
            + "    <button type=\"submit\" name=\"consent\" value=\"approve\">Approve</button>\n"
            + "    <button type=\"submit\" name=\"consent\" value=\"deny\">Deny</button>\n"
            + "</form>\n");
  }
}
