package dev.proauth2.servlet;

import dev.proauth2.Proauth2;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.endpoint.DeviceCheck;
import dev.proauth2.endpoint.DeviceVerification;
import dev.proauth2.endpoint.EndpointRequest;
import dev.proauth2.endpoint.EndpointResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;

/**
 * The servlet's device verification page (RFC 8628 section 3.3): signs the user in with the {@link
 * ConsentPage}, asks the {@link DevicePage} for the code form, finds the device authorization, and
 * acts on the answer only with the page's one-time {@link ConsentGuard} nonce, as {@code
 * /authorize} does.
 */
final class DeviceRoute {

  private final DeviceVerification verification;
  private final ConsentGuard guard;
  private final ConsentPage consentPage;
  private final DevicePage devicePage;

  DeviceRoute(Proauth2 oauth, ConsentGuard guard, ConsentPage consentPage, DevicePage devicePage) {
    this.verification = new DeviceVerification(oauth, guard);
    this.guard = guard;
    this.consentPage = consentPage;
    this.devicePage = devicePage;
  }

  /**
   * {@code GET} without a query draws the code form; {@code GET} with a code (from {@code
   * verification_uri_complete} or the form) draws what the device asks, or the code form again with
   * the reason it was refused; the {@code POST} of that page's answer approves or denies it.
   */
  void serve(HttpServletRequest req, HttpServletResponse resp, EndpointRequest request)
      throws IOException {
    boolean post = request.method().equals("POST");
    if (!post && !request.method().equals("GET")) {
      ServletExchange.send(
          resp, ServletExchange.text(405, "GET or POST\n").withHeader("Allow", "GET, POST"));
      return;
    }
    Optional<String> user = consentPage.userId(req);
    if (user.isEmpty()) {
      consentPage.login(req, resp);
      return;
    }
    String action = req.getContextPath() + req.getServletPath();
    if (!post && (req.getQueryString() == null || req.getQueryString().isEmpty())) {
      resp.setStatus(200);
      Pages.secure(resp);
      devicePage.enterCode(new DeviceCodeForm(action, null), req, resp);
      return;
    }
    DeviceCheck check = verification.check(request);
    String consent = post ? check.parameters().get(DeviceVerification.CONSENT) : null;
    if (consent != null) {
      decide(req, resp, request, check, user.get(), consent.equals(ConsentPrompt.APPROVE));
      return;
    }
    if (!check.isValid()) {
      EndpointResponse error = check.errorResponse().orElseThrow();
      if (error.status() != 400) { // 429 past the guessing bound, 403 for another site's post
        ServletExchange.send(resp, error);
        return;
      }
      resp.setStatus(400);
      Pages.secure(resp);
      devicePage.enterCode(
          new DeviceCodeForm(action, check.error().orElseThrow().description()), req, resp);
      return;
    }
    String nonce = guard.issue(check, req.getSession(true).getId());
    Pages.secure(resp);
    devicePage.render(new DevicePrompt(check.request(), user.get(), action, nonce), req, resp);
  }

  private void decide(
      HttpServletRequest req,
      HttpServletResponse resp,
      EndpointRequest request,
      DeviceCheck check,
      String user,
      boolean approve)
      throws IOException {
    HttpSession session = req.getSession(false);
    if (session == null) {
      ServletExchange.send(
          resp,
          ServletExchange.text(
              403,
              "the device page was not shown to this browser (no session); open the address the"
                  + " device shows and start again\n"));
      return;
    }
    EndpointResponse decided = verification.decide(request, check, session.getId(), user);
    if (decided.status() != 200) {
      ServletExchange.send(resp, decided);
      return;
    }
    Pages.secure(resp);
    devicePage.done(approve, req, resp);
  }
}
