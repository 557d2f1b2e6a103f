package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.testkit.Browser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AutoApproveTest {

  @Test
  @DisplayName("with --auto-approve, /authorize redirects with a code at once, for scripts")
  void autoApprove() {
    try (RawHttp http = new RawHttp(true)) {
      String clientId =
          (String)
              http.register(
                      "{\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"],"
                          + "\"token_endpoint_auth_method\":\"none\"}")
                  .get("client_id");
      HttpResponse<String> response =
          http.get(
              "/authorize?response_type=code&client_id="
                  + Browser.encode(clientId)
                  + "&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                  + "&code_challenge_method=S256");
      assertEquals(302, response.statusCode(), response.body());
      Map<String, String> parameters = Browser.locationParameters(response);
      assertTrue(parameters.containsKey("code"));
      assertEquals("s", parameters.get("state"));
      assertEquals(http.server.issuer(), parameters.get("iss"));
    }
  }
}
