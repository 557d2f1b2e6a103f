package dev.proauth2;

import static dev.proauth2.TestEngine.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Exception;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs to the device grant, by category, each refused with its error and none issuing a
 * token (counted by the engine's {@code TokensIssued} events).
 */
class HostileDeviceTest {

  final List<Proauth2Event> events = new CopyOnWriteArrayList<>();
  final TestEngine engine = new TestEngine(builder -> builder.listener(events::add));
  final Proauth2 oauth = engine.oauth;
  final ClientRegistration tv =
      engine.register(
          RegistrationRequest.builder("TV").grantType(GrantType.DEVICE_CODE).scope("read").build());
  final ClientRegistration otherTv =
      engine.register(
          RegistrationRequest.builder("Other TV")
              .grantType(GrantType.DEVICE_CODE)
              .scope("read")
              .build());
  final ClientRegistration publicCli =
      engine.register(
          RegistrationRequest.builder("CLI")
              .authMethod("none")
              .grantType(GrantType.DEVICE_CODE)
              .build());

  /** Refusals by category and error, such as {@code "guessed user codes: invalid_grant"}. */
  final Map<String, Integer> refused = new TreeMap<>();

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  DeviceAuthorization start() {
    return oauth.requestDeviceAuthorization(tv.clientId(), tv.clientSecret(), "read");
  }

  TokenResponse poll(ClientRegistration client, String deviceCode) {
    return oauth.requestAccessToken(
        TokenRequest.deviceCode(client.clientId(), client.clientSecret(), deviceCode));
  }

  void expect(String category, String error, Supplier<?> call) {
    Proauth2Exception e = assertThrows(Proauth2Exception.class, call::get, category);
    assertEquals(error, e.error(), category + ": " + e.getMessage());
    refused.merge(category + ": " + error, 1, Integer::sum);
  }

  void expect(String category, String error, Runnable call) {
    expect(
        category,
        error,
        () -> {
          call.run();
          return null;
        });
  }

  @Test
  @DisplayName(
      "hostile device-grant requests by category are each refused with their error, and none"
          + " issues a token")
  void categories() {
    // Guessed user codes: ten wrong ones from one address, then that address is refused even the
    // right code; the overall bound is DeviceGrantTest's.
    DeviceAuthorization target = start();
    String attacker = "198.51.100.66";
    for (int i = 0; i < DeviceAuthorizations.GUESSES_PER_SOURCE; i++) {
      String guess = DeviceGrantTest.wrongCode(target);
      expect(
          "guessed user codes",
          Proauth2Exception.INVALID_GRANT,
          () -> oauth.findDeviceRequest(guess, attacker));
    }
    for (String guess :
        List.of(DeviceGrantTest.wrongCode(target), target.userCode(), target.userCode())) {
      expect(
          "guessed user codes",
          Proauth2Exception.TEMPORARILY_UNAVAILABLE,
          () -> oauth.approveDevice(guess, "mallory", attacker));
    }

    // Polling storms: twenty polls at one instant are one authorization_pending and nineteen
    // slow_down, the interval growing to 100 s.
    DeviceAuthorization stormed = start();
    expect(
        "polling storms",
        Proauth2Exception.AUTHORIZATION_PENDING,
        () -> poll(tv, stormed.deviceCode()));
    for (int i = 0; i < 19; i++) {
      expect("polling storms", Proauth2Exception.SLOW_DOWN, () -> poll(tv, stormed.deviceCode()));
    }
    engine.clock.advance(Duration.ofSeconds(99));
    expect("polling storms", Proauth2Exception.SLOW_DOWN, () -> poll(tv, stormed.deviceCode()));

    // Expired: the device code past its lifetime, approved or not, and its user code.
    DeviceAuthorization late = start();
    DeviceAuthorization lateApproved = start();
    oauth.approveDevice(lateApproved.userCode(), USER, null);
    engine.clock.advance(Duration.ofMinutes(10)); // the default deviceCodeTtl
    expect("expired", Proauth2Exception.EXPIRED_TOKEN, () -> poll(tv, late.deviceCode()));
    expect("expired", Proauth2Exception.EXPIRED_TOKEN, () -> poll(tv, lateApproved.deviceCode()));
    expect(
        "expired",
        Proauth2Exception.INVALID_GRANT,
        () -> oauth.approveDevice(late.userCode(), USER, null));
    expect(
        "expired",
        Proauth2Exception.INVALID_GRANT,
        () -> oauth.findDeviceRequest(late.userCode(), null));

    // Denied: polls after a denial, and an approval after it.
    DeviceAuthorization denied = start();
    oauth.denyDevice(denied.userCode(), null);
    for (int i = 0; i < 3; i++) {
      expect("denied", Proauth2Exception.ACCESS_DENIED, () -> poll(tv, denied.deviceCode()));
    }
    expect(
        "denied",
        Proauth2Exception.INVALID_GRANT,
        () -> oauth.approveDevice(denied.userCode(), USER, null));

    // Another client's device code, approved: by a confidential client, a public one, and a
    // client not registered for the grant.
    DeviceAuthorization approved = start();
    oauth.approveDevice(approved.userCode(), USER, null);
    expect(
        "another client's device code",
        Proauth2Exception.INVALID_GRANT,
        () -> poll(otherTv, approved.deviceCode()));
    expect(
        "another client's device code",
        Proauth2Exception.INVALID_GRANT,
        () -> poll(publicCli, approved.deviceCode()));
    expect(
        "another client's device code",
        Proauth2Exception.UNAUTHORIZED_CLIENT,
        () -> poll(engine.app, approved.deviceCode()));

    // Malformed device codes and user codes.
    String code = approved.deviceCode();
    for (String bad : new String[] {null, ""}) {
      expect("malformed", Proauth2Exception.INVALID_REQUEST, () -> poll(tv, bad));
    }
    for (String bad :
        List.of(
            code.substring(1),
            code + "A",
            "A".repeat(40_000),
            code.substring(0, 20) + "é" + code.substring(21),
            code.replace(code.charAt(5), '+'),
            approved.userCode(),
            "' OR 1=1 --")) {
      expect("malformed", Proauth2Exception.INVALID_GRANT, () -> poll(tv, bad));
    }
    for (String bad :
        new String[] {
          null,
          "",
          "AEIO-UAEI",
          "1234-5678",
          "BCDF-GHJKL",
          "BCDF\u0000GHJK",
          "ВCDF-GHJK",
          "B".repeat(40_000)
        }) {
      expect(
          "malformed", Proauth2Exception.INVALID_REQUEST, () -> oauth.findDeviceRequest(bad, null));
    }

    oauth.flushEvents(Duration.ofSeconds(10));
    assertEquals(0, events.stream().filter(e -> e instanceof Proauth2Event.TokensIssued).count());
    Map<String, Integer> expected = new TreeMap<>();
    expected.put("guessed user codes: invalid_grant", 10);
    expected.put("guessed user codes: temporarily_unavailable", 3);
    expected.put("polling storms: authorization_pending", 1);
    expected.put("polling storms: slow_down", 20);
    expected.put("expired: expired_token", 2);
    expected.put("expired: invalid_grant", 2);
    expected.put("denied: access_denied", 3);
    expected.put("denied: invalid_grant", 1);
    expected.put("another client's device code: invalid_grant", 2);
    expected.put("another client's device code: unauthorized_client", 1);
    expected.put("malformed: invalid_grant", 7);
    expected.put("malformed: invalid_request", 10);
    assertEquals(expected, refused);
    // The approved code still works for its own client: none of the above used it up.
    assertEquals(
        USER, oauth.authenticateToken(poll(tv, approved.deviceCode()).accessToken()).userId());
  }
}
