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
    return HtmlPage.of(
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
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(DeviceVerification.USER_CODE, device.userCode());
    fields.put(ConsentGuard.FIELD, nonce);
    return HtmlPage.of(
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
            + Html.hiddenInputs(fields)
            + "  <button type=\"submit\" name=\""
            + DeviceVerification.CONSENT
            + "\" value=\"approve\">Approve</button>\n"
            + "  <button type=\"submit\" name=\""
            + DeviceVerification.CONSENT
            + "\" value=\"deny\">Deny</button>\n"
            + "</form>\n");
  }
}
