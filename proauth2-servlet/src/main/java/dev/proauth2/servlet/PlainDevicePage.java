package dev.proauth2.servlet;

import dev.proauth2.endpoint.Html;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The device verification page a servlet draws when the host gives none: unstyled HTML that asks
 * for the code, then shows the application (name and id), the code, the scope and the resources
 * with Approve and Deny. Every value a client chose is escaped.
 */
final class PlainDevicePage implements DevicePage {

  @Override
  public void enterCode(
      DeviceCodeForm form, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(
        response,
        form.error().map(text -> "<p role=\"alert\">" + Html.escape(text) + "</p>\n").orElse("")
            + "<form method=\"get\" action=\""
            + Html.escape(form.action())
            + "\">\n<label>Code shown on the device: <input name=\""
            + DeviceCodeForm.FIELD
            + "\" autocomplete=\"off\" autocapitalize=\"characters\"></label>\n"
            + "<button type=\"submit\">Continue</button>\n</form>\n");
  }

  @Override
  public void render(DevicePrompt prompt, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String scope =
        prompt.scope().map(value -> "<code>" + Html.escape(value) + "</code>").orElse("access");
    String resources =
        prompt.resources().isEmpty()
            ? ""
            : " at <code>" + Html.escape(String.join(" ", prompt.resources())) + "</code>";
    write(
        response,
        "<p>Signed in as <strong>"
            + Html.escape(prompt.userId())
            + "</strong>.</p>\n<p><strong>"
            + Html.escape(prompt.clientName())
            + "</strong> (<code>"
            + Html.escape(prompt.clientId())
            + "</code>) on a device showing <strong>"
            + Html.escape(prompt.userCode())
            + "</strong> asks for "
            + scope
            + resources
            + ". If that is not the code on your device, deny it.</p>\n"
            + "<form method=\"post\" action=\""
            + Html.escape(prompt.action())
            + "\">\n"
            + prompt.hiddenInputs()
            + button(ConsentPrompt.APPROVE, "Approve")
            + button(ConsentPrompt.DENY, "Deny")
            + "</form>\n");
  }

  private static String button(String value, String label) {
    return "<button type=\"submit\" name=\""
        + ConsentPrompt.CONSENT
        + "\" value=\""
        + value
        + "\">"
        + label
        + "</button>\n";
  }

  private static void write(HttpServletResponse response, String content) throws IOException {
    response.setContentType("text/html;charset=UTF-8");
    response
        .getWriter()
        .write(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Connect a device</title></head>\n<body>\n<h1>Connect a device</h1>\n"
                + content
                + "</body></html>\n");
  }
}
