package dev.proauth2.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo server's {@code --metrics}: after a scripted flow, a Prometheus scrape of {@code
 * /metrics} has the engine's series, and the log has the audit lines.
 */
@DisplayName("the demo server's metrics and audit log")
class MetricsTest {

  /** Scrapes until every series is there: the listener records on its own thread. */
  private static String scrapeUntil(RawHttp http, List<String> series) throws Exception {
    String body = "";
    for (int attempt = 0; attempt < 200; attempt++) {
      HttpResponse<String> scrape = http.get("/metrics");
      assertEquals(200, scrape.statusCode());
      body = scrape.body();
      String seen = body;
      if (series.stream().allMatch(seen::contains)) {
        return body;
      }
      Thread.sleep(50);
    }
    return body;
  }

  @Test
  @DisplayName(
      "a scrape after register, token, introspect and a wrong secret has their series; the log"
          + " has one audit line each")
  void scrape() throws Exception {
    try (RawHttp http = new RawHttp(ServeOptions.parse(List.of("--port", "0", "--metrics")))) {
      Map<String, Object> client =
          http.register("{\"grant_types\":[\"client_credentials\"],\"scope\":\"read\"}");
      String id = (String) client.get("client_id");
      String basic = RawHttp.basic(id, (String) client.get("client_secret"));
      HttpResponse<String> token =
          http.form("/token", "grant_type=client_credentials", "Authorization", basic);
      String accessToken = (String) RawHttp.json(token).get("access_token");
      http.form("/introspect", "token=" + accessToken, "Authorization", basic);
      http.form(
          "/token", "grant_type=client_credentials", "Authorization", RawHttp.basic(id, "wrong"));

      List<String> series =
          List.of(
              "proauth2_clients_registered_total{application=\"proauth2-demo\"} 1.0",
              "proauth2_tokens_issued_total{application=\"proauth2-demo\","
                  + "grant_type=\"client_credentials\"} 1.0",
              "proauth2_clients_authentications_failed_total{application=\"proauth2-demo\","
                  + "auth_method=\"client_secret_basic\",reason=\"wrong_secret\"} 1.0",
              "proauth2_operations_seconds_count{application=\"proauth2-demo\","
                  + "grant_type=\"client_credentials\",operation=\"token\","
                  + "outcome=\"success\"} 1",
              "proauth2_operations_seconds_count{application=\"proauth2-demo\","
                  + "grant_type=\"none\",operation=\"introspect\",outcome=\"success\"} 1");
      String body = scrapeUntil(http, series);
      for (String expected : series) {
        assertTrue(body.contains(expected), expected + " in:\n" + body);
      }
      String log = http.log();
      assertTrue(log.contains("audit event=client_registered "), log);
      assertTrue(log.contains("audit event=tokens_issued "), log);
      assertTrue(log.contains("reason=wrong_secret source=127.0.0.1"), log);
    }
  }

  @Test
  @DisplayName("without --metrics, /metrics is 404 and says how to turn it on")
  void off() {
    try (RawHttp http = new RawHttp(false)) {
      HttpResponse<String> response = http.get("/metrics");
      assertEquals(404, response.statusCode());
      assertTrue(response.body().contains("--metrics"));
    }
  }
}
