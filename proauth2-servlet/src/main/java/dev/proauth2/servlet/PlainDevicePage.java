package dev.proauth2.servlet;

import dev.proauth2.endpoint.DeviceVerification;
import dev.proauth2.endpoint.Html;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The device verification page a servlet draws when the host gives none: unstyled HTML that asks
 * for the code, then shows the application, the code and the scope with Approve and Deny. Every
 * value a client chose is escaped.
 */
final class PlainDevicePage implements DevicePage {

  @Override
  public void enterCode(
      String action,
      Optional<String> error,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    write(
        response,
        "Connect a device",
        error.map(text -> "<p role=\"alert\">" + Html.escape(text) + "</p>\n").orElse("")
            + "<form method=\"get\" action=\""
            + Html.escape(action)
            + "\">\n<label>Code shown on the device: <input name=\""
            + DeviceVerification.USER_CODE
            + "\" autocomplete=\"off\" autocapitalize=\"characters\"></label>\n"
            + "<button type=\"submit\">Continue</button>\n</form>\n");
  }

  @Override
  public void render(DevicePrompt prompt, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(
        response,
        "Connect a device",
        "<p>Signed in as <strong>"
            + Html.escape(prompt.userId())
            + "</strong>.</p>\n<p><strong>"
            + Html.escape(prompt.clientName())
            + "</strong> on a device showing <strong>"
            + Html.escape(prompt.userCode())
            + "</strong> asks for "
            + prompt
                .scope()
                .map(scope -> "<code>" + Html.escape(scope) + "</code>")
                .orElse("access")
            + ". If that is not the code on your device, deny it.</p>\n"
            + "<form method=\"post\" action=\""
            + Html.escape(prompt.action())
            + "\">\n"
            + prompt.hiddenInputs()
            + "<button type=\"submit\" name=\""
            + ConsentPrompt.CONSENT
            + "\" value=\""
            + ConsentPrompt.APPROVE
            + "\">Approve</button>\n<button type=\"submit\" name=\""
            + ConsentPrompt.CONSENT
            + "\" value=\""
            + ConsentPrompt.DENY
            + "\">Deny</button>\n</form>\n");
  }

  private static void write(HttpServletResponse response, String title, String content)
      throws IOException {
    response.setContentType("text/html;charset=UTF-8");
    response
        .getWriter()
        .write(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + title
                + "</title></head>\n<body>\n<h1>"
                + title
                + "</h1>\n"
                + content
                + "</body></html>\n");
  }
}
