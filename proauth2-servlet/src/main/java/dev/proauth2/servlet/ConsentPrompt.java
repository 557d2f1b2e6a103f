package dev.proauth2.servlet;

import dev.proauth2.ClientRegistration;
import dev.proauth2.endpoint.AuthorizationCheck;
import dev.proauth2.endpoint.ConsentGuard;
import dev.proauth2.endpoint.Html;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a consent page shows and what its form must post back: who asks ({@link #client()}), for
 * what ({@link #scope()}), where the user goes next ({@link #redirectUri()}), and the hidden
 * fields, the one-time consent nonce among them, that make the answer count.
 */
public final class ConsentPrompt {

  /** The name of the form field that carries the user's answer. */
  public static final String CONSENT = "consent";

  /** The value of {@link #CONSENT} that grants the request. */
  public static final String APPROVE = "approve";

  /** The value of {@link #CONSENT} that refuses it. */
  public static final String DENY = "deny";

  private final AuthorizationCheck check;
  private final String userId;
  private final String action;
  private final Map<String, String> hiddenFields;

  ConsentPrompt(AuthorizationCheck check, String userId, String action, String nonce) {
    this.check = Objects.requireNonNull(check, "check");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.action = Objects.requireNonNull(action, "action");
    Map<String, String> fields = new LinkedHashMap<>(check.parameters());
    fields.remove(CONSENT);
    fields.put(ConsentGuard.FIELD, Objects.requireNonNull(nonce, "nonce"));
    this.hiddenFields = Collections.unmodifiableMap(fields);
  }

  /** The client asking, without its secret: show its name. */
  public ClientRegistration client() {
    return check.client();
  }

  /** The client's name as it registered it; HTML-escape it before showing it. */
  public String clientName() {
    return check.client().name();
  }

  /**
   * For a client identified by its Client ID Metadata Document, the document's origin (host, and
   * port when not 443): all such a client proves about itself, so show it beside its name.
   */
  public Optional<String> metadataDocumentOrigin() {
    return check.metadataDocumentOrigin();
  }

  /**
   * Whether every redirect URI of the client is on the user's own machine: say so on the page,
   * since any program there may be asking.
   */
  public boolean redirectsOnlyToLoopback() {
    return check.redirectsOnlyToLoopback();
  }

  /** The resources (RFC 8707) the tokens will be for; empty for none in particular. */
  public List<String> resources() {
    return check.resources();
  }

  /** The scope the user is asked to grant; empty when the client has no particular scope. */
  public Optional<String> scope() {
    return check.scope();
  }

  /** Where the user will be sent back to: show its host, so the user sees who receives the code. */
  public String redirectUri() {
    return check.redirectUri();
  }

  /** The signed-in user who is asked. */
  public String userId() {
    return userId;
  }

  /** The path the form posts to: the authorization endpoint. */
  public String action() {
    return action;
  }

  /**
   * Every field the form must send back with {@link #CONSENT}: the authorization request's
   * parameters and the one-time {@value ConsentGuard#FIELD}.
   */
  public Map<String, String> hiddenFields() {
    return hiddenFields;
  }

  /** {@link #hiddenFields()} as HTML {@code <input type="hidden">} elements, escaped. */
  public String hiddenInputs() {
    return Html.hiddenInputs(hiddenFields);
  }

  /** Names the client only; never the nonce. */
  @Override
  public String toString() {
    return "ConsentPrompt[client=" + check.client().clientId() + "]";
  }
}
