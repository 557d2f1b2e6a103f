package dev.proauth2.example;

import dev.proauth2.DeviceRequest;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.endpoint.DeviceVerification;
import dev.proauth2.endpoint.EndpointResponse;
import dev.proauth2.endpoint.Html;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's device verification pages (RFC 8628 section 3.3): a form to type the code a device
 * shows, then what the device asks for, with Approve and Deny. Everything the client chose is
 * HTML-escaped, the pages may not be framed, and the consent form carries the {@link ConsentGuard}
 * nonce, as on the consent page of {@code /authorize}.
 */
final class DevicePage {

  private DevicePage() {}

  /** The form where the user types the code the device shows. */
  static EndpointResponse enterCode() {
    return page(
        "Connect a device",
        "<h1>Connect a device</h1>\n"
            + "<form method=\"get\" action=\"device\">\n"
            + "  <label>Code shown on the device: <input name=\""
            + DeviceVerification.USER_CODE
            + "\" autocomplete=\"off\" autocapitalize=\"characters\" placeholder=\"XXXX-XXXX\">"
            + "</label>\n"
            + "  <button type=\"submit\">Continue</button>\n"
            + "</form>\n");
  }

  /** What the device asks for, with the consent buttons. */
  static EndpointResponse consent(DeviceRequest device, String user, String nonce) {
    String scope = device.scope() == null ? "(no particular scope)" : device.scope();
    return page(
        "Connect " + device.clientName(),
        "<h1>Connect <em>"
            + Html.escape(device.clientName())
            + "</em>?</h1>\n"
            + "<p>You are signed in as <strong>"
            + Html.escape(user)
            + "</strong> (the demo's only user).</p>\n"
            + "<p>Check that the device shows <strong>"
            + Html.escape(device.userCode())
            + "</strong>. If you did not start this on a device of yours, deny it.</p>\n"
            + "<p>The application <code>"
            + Html.escape(device.clientId())
            + "</code> asks for access with scope <code>"
            + Html.escape(scope)
            + "</code>"
            + (device.resources().isEmpty()
                ? ""
                : ", for use at <code>"
                    + Html.escape(String.join(" ", device.resources()))
                    + "</code>")
            + ".</p>\n"
            + "<form method=\"post\" action=\"device\">\n"
            + "  <input type=\"hidden\" name=\""
            + DeviceVerification.USER_CODE
            + "\" value=\""
            + Html.escape(device.userCode())
            + "\">\n"
            + "  <input type=\"hidden\" name=\""
            + ConsentGuard.FIELD
            + "\" value=\""
            + Html.escape(nonce)
            + "\">\n"
            + "  <button type=\"submit\" name=\""
            + DeviceVerification.CONSENT
            + "\" value=\"approve\">Approve</button>\n"
            + "  <button type=\"submit\" name=\""
            + DeviceVerification.CONSENT
            + "\" value=\"deny\">Deny</button>\n"
            + "</form>\n");
  }

  private static EndpointResponse page(String title, String content) {
    String body =
        "<!DOCTYPE html>\n"
            + "<html lang=\"en\">\n"
            + "<head><meta charset=\"utf-8\"><title>"
            + Html.escape(title)
            + "</title>\n"
            + "<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}"
            + "button{font-size:1em;margin-right:1em}</style></head>\n"
            + "<body>\n"
            + content
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
