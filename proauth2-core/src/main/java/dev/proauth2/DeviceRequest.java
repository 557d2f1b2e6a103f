package dev.proauth2;

import java.util.List;

/**
 * A pending device authorization as the host's verification page shows it to the signed-in user,
 * who then approves or denies it (RFC 8628 section 3.3).
 *
 * @param userCode the user code, {@code XXXX-XXXX}
 * @param clientId the client the device runs
 * @param clientName the client's registered name, for the consent page
 * @param scope the scope the device asked for, or {@code null}
 * @param resources the resources (RFC 8707) the tokens will be for
 */
public record DeviceRequest(
    String userCode, String clientId, String clientName, String scope, List<String> resources) {

  /** Copies the resources. */
  public DeviceRequest {
    resources = List.copyOf(resources);
  }

  /** Names the client and the scope; never the user code, which approves the device. */
  @Override
  public String toString() {
    return "DeviceRequest[clientId=" + clientId + ", scope=" + scope + "]";
  }
}
