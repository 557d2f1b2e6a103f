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
    StringBuilder hidden = new StringBuilder();
    Map<String, String> fields = new LinkedHashMap<>(check.parameters());
    fields.put(ConsentGuard.FIELD, nonce);
    fields.forEach(
        (name, value) -> {
          if (!name.equals("consent")) {
            hidden
                .append("    <input type=\"hidden\" name=\"")
                .append(Html.escape(name))
                .append("\" value=\"")
                .append(Html.escape(value))
                .append("\">\n");
          }
        });
    String scope = check.scope().orElse("(no particular scope)");
    String body =
        "<!DOCTYPE html>\n"
            + "<html lang=\"en\">\n"
            + "<head><meta charset=\"utf-8\"><title>Authorize "
            + Html.escape(check.client().name())
            + "</title>\n"
            + "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}"
            + "button{font-size:1em;margin-right:1em}</style></head>\n"
            + "<body>\n"
            + "<h1>Authorize <em>"
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
            + hidden
            + "    <button type=\"submit\" name=\"consent\" value=\"approve\">Approve</button>\n"
            + "    <button type=\"submit\" name=\"consent\" value=\"deny\">Deny</button>\n"
            + "</form>\n"
            + "</body>\n"
            + "</html>\n";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html;charset=UTF-8");
    headers.put("Cache-Control", "no-store");
    headers.put("X-Frame-Options", "DENY");
    headers.put(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    headers.put("Referrer-Policy", "no-referrer");
    return new EndpointResponse(200, headers, body);
  }
}
