package dev.proauth2.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The host's device verification page (RFC 8628 section 3.3), where a signed-in user types the code
 * a TV or command-line tool shows and approves what it asks for. {@link Proauth2Servlet} serves it
 * at the engine's {@link dev.proauth2.Endpoints#deviceVerification()} path, signs the user in with
 * the {@link ConsentPage}, finds the device authorization, bounds guessing, and guards the answer
 * as it guards consent; a page only draws. Without one, the servlet draws plain pages of its own.
 *
 * <pre>{@code
 * final class MyDevicePage implements DevicePage {
 *   public void enterCode(DeviceCodeForm form, HttpServletRequest req, HttpServletResponse resp)
 *       throws IOException {
 *     resp.setContentType("text/html;charset=UTF-8");
 *     resp.getWriter().write(form.error().map(e -> "<p>" + Html.escape(e) + "</p>").orElse("")
 *         + "<form method=get action='" + Html.escape(form.action()) + "'>"
 *         + "<input name=user_code><button>Continue</button></form>");
 *   }
 *   public void render(DevicePrompt prompt, HttpServletRequest req, HttpServletResponse resp)
 *       throws IOException {
 *     resp.setContentType("text/html;charset=UTF-8");
 *     resp.getWriter().write("<form method=post action='" + Html.escape(prompt.action()) + "'>"
 *         + prompt.hiddenInputs() + "Connect " + Html.escape(prompt.clientName())
 *         + " (" + Html.escape(prompt.clientId()) + "), showing " + Html.escape(prompt.userCode())
 *         + ", to " + Html.escape(String.join(" ", prompt.resources())) + "?"
 *         + "<button name=consent value=approve>Allow</button>"
 *         + "<button name=consent value=deny>Deny</button></form>");
 *   }
 * }
 * }</pre>
 */
public interface DevicePage {

  /**
   * Writes the form where the user types the code the device shows: a {@code GET} form to {@link
   * DeviceCodeForm#action()} with a field {@value DeviceCodeForm#FIELD}. The status is already set:
   * 200, or 400 when a code typed before was refused, and {@link DeviceCodeForm#error()} says why.
   */
  void enterCode(DeviceCodeForm form, HttpServletRequest request, HttpServletResponse response)
      throws IOException;

  /**
   * Writes what the device asks for: a form that posts {@link DevicePrompt#hiddenInputs()} and a
   * field {@value ConsentPrompt#CONSENT} of {@value ConsentPrompt#APPROVE} or {@value
   * ConsentPrompt#DENY} to {@link DevicePrompt#action()}. Show {@link DevicePrompt#userCode()}, so
   * the user can check it matches the device, and what the tokens will reach: the client's name and
   * id, {@link DevicePrompt#scope()} and {@link DevicePrompt#resources()}. The response already
   * says {@code Cache-Control: no-store} and may not be framed by another site.
   */
  void render(DevicePrompt prompt, HttpServletRequest request, HttpServletResponse response)
      throws IOException;

  /**
   * Writes the page after the user's answer was taken; by default a line of plain text that sends
   * the user back to the device.
   *
   * @param approved whether the user approved, so the device now gets its tokens, or denied
   */
  default void done(boolean approved, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ServletExchange.send(
        response,
        ServletExchange.text(
            200,
            approved
                ? "The device is signed in; return to your device.\n"
                : "The device was refused; nothing was shared with it.\n"));
  }
}
