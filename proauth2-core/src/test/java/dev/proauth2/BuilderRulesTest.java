package dev.proauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.thirdparty.StandInClientSecretBasic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What {@link Proauth2.Builder} refuses, and how: a setting out of range or a clashing method is
 * the calling program's mistake, so it is an {@link IllegalArgumentException}, never an OAuth
 * error.
 */
class BuilderRulesTest {

  private static final String STAND_IN_SERVICES =
      "dev/proauth2/thirdparty/stand-in/META-INF/services/dev.proauth2.spi.ClientAuthMethod";

  private static <X extends Throwable> String messageOf(Class<X> type, Executable call) {
    return assertThrows(type, call).getMessage();
  }

  @Nested
  @DisplayName("settings")
  class Settings {

    @Test
    @DisplayName("a lifetime out of range is an IllegalArgumentException that gives the range")
    void lifetimes() {
      String code =
          messageOf(
              IllegalArgumentException.class,
              () -> Proauth2.builder().codeTtl(Duration.ofMinutes(11)));
      assertTrue(code.contains("codeTtl must be between 1 second and PT10M"), code);
      String access =
          messageOf(
              IllegalArgumentException.class,
              () -> Proauth2.builder().accessTokenTtl(Duration.ZERO));
      assertTrue(access.contains("accessTokenTtl must be between 1 second and PT24H"), access);
      String refresh =
          messageOf(
              IllegalArgumentException.class,
              () -> Proauth2.builder().refreshTokenTtl(Duration.ofDays(366)));
      assertTrue(refresh.contains("refreshTokenTtl must be between 1 second and PT8760H"), refresh);
    }

    @Test
    @DisplayName(
        "a device lifetime or polling interval out of range, or not whole seconds, is an"
            + " IllegalArgumentException that gives the range")
    void deviceSettings() {
      for (Duration ttl : List.of(Duration.ofSeconds(59), Duration.ofMinutes(31))) {
        String message =
            messageOf(IllegalArgumentException.class, () -> Proauth2.builder().deviceCodeTtl(ttl));
        assertTrue(
            message.contains("deviceCodeTtl must be whole seconds from 1 to 30 minutes"), message);
      }
      for (Duration interval :
          List.of(Duration.ZERO, Duration.ofMillis(1500), Duration.ofSeconds(61))) {
        String message =
            messageOf(
                IllegalArgumentException.class,
                () -> Proauth2.builder().devicePollingInterval(interval));
        assertTrue(
            message.contains(
                "devicePollingInterval must be whole seconds from 1 second to 1 minute"),
            message);
      }
      messageOf(NullPointerException.class, () -> Proauth2.builder().devicePollingInterval(null));
      Proauth2.builder()
          .deviceCodeTtl(Duration.ofMinutes(1))
          .deviceCodeTtl(Duration.ofMinutes(30))
          .devicePollingInterval(Duration.ofSeconds(1))
          .devicePollingInterval(Duration.ofMinutes(1)); // the bounds themselves are taken
    }

    @Test
    @DisplayName("a failure limit or window out of range is an IllegalArgumentException")
    void failureLimit() {
      String limit =
          messageOf(
              IllegalArgumentException.class,
              () -> Proauth2.builder().clientFailureLimit(0, Duration.ofMinutes(1)));
      assertTrue(limit.contains("1 to 1000000; got 0"), limit);
      String window =
          messageOf(
              IllegalArgumentException.class,
              () -> Proauth2.builder().clientFailureLimit(10, Duration.ofDays(2)));
      assertTrue(window.contains("between 1 second and PT24H"), window);
    }

    @Test
    @DisplayName("an issuer that is not an https URL is an IllegalArgumentException naming it")
    void issuer() {
      String message =
          messageOf(
              IllegalArgumentException.class,
              () -> Proauth2.builder().issuer("http://auth.example"));
      assertTrue(message.contains("http://auth.example"), message);
      assertThrows(IllegalArgumentException.class, () -> Proauth2.builder().issuer(""));
    }

    @Test
    @DisplayName("a null setting is a NullPointerException naming it")
    void nullSettings() {
      Proauth2.Builder builder = Proauth2.builder();
      assertEquals(
          "uri", messageOf(NullPointerException.class, () -> builder.dataStore((String) null)));
      assertEquals(
          "store",
          messageOf(NullPointerException.class, () -> builder.dataStore((DataStore) null)));
      assertEquals("clock", messageOf(NullPointerException.class, () -> builder.clock(null)));
      assertEquals("codeTtl", messageOf(NullPointerException.class, () -> builder.codeTtl(null)));
      assertEquals(
          "method", messageOf(NullPointerException.class, () -> builder.clientAuthMethod(null)));
    }

    @Test
    @DisplayName("building without a store is an IllegalStateException that says how to set one")
    void noStore() {
      String message = messageOf(IllegalStateException.class, () -> Proauth2.builder().build());
      assertTrue(message.contains("dataStore(\"memory:\")"), message);
    }
  }

  @Nested
  @DisplayName("client authentication methods given to the builder")
  class Methods {

    @Test
    @DisplayName("are installed for that engine alone, beside none, and authenticate its clients")
    void installed() {
      try (Proauth2 oauth =
              Proauth2.builder()
                  .dataStore("tiny:")
                  .clientAuthMethod(new StandInClientSecretBasic())
                  .build();
          Proauth2 plain = Proauth2.open("tiny:")) {
        assertTrue(oauth.capabilities().clientAuthMethods().contains("client_secret_basic"));
        assertTrue(oauth.capabilities().clientAuthMethods().contains("none"));
        assertFalse(plain.capabilities().clientAuthMethods().contains("client_secret_basic"));
        ClientRegistration service =
            oauth.registerApp(
                RegistrationRequest.builder("service")
                    .redirectUri("https://service.example/cb")
                    .grantType(GrantType.CLIENT_CREDENTIALS)
                    .build());
        TokenResponse tokens =
            oauth.requestAccessToken(
                TokenRequest.clientCredentials(service.clientId(), service.clientSecret(), null));
        assertEquals(service.clientId(), oauth.authenticateToken(tokens.accessToken()).clientId());
      }
    }

    @Test
    @DisplayName(
        "one with the name of a method found on the class path is an IllegalArgumentException"
            + " naming both")
    void clashWithDiscovered() {
      Proauth2.Builder builder =
          Proauth2.builder().dataStore("tiny:").clientAuthMethod(new Named("client_secret_basic"));
      String message = messageOf(IllegalArgumentException.class, () -> buildWithStandIn(builder));
      assertTrue(message.contains("'client_secret_basic'"), message);
      assertTrue(message.contains(Named.class.getName()), message);
      assertTrue(message.contains(StandInClientSecretBasic.class.getName()), message);
    }

    @Test
    @DisplayName("an instance of a plugin class found on the class path replaces the found one")
    void sameClassReplacesDiscovered() {
      buildWithStandIn(
          Proauth2.builder().dataStore("tiny:").clientAuthMethod(new StandInClientSecretBasic()));
    }

    @Test
    @DisplayName("one named none is an IllegalArgumentException: none is built in")
    void clashWithBuiltIn() {
      Proauth2.Builder builder =
          Proauth2.builder().dataStore("tiny:").clientAuthMethod(new Named("none"));
      String message = messageOf(IllegalArgumentException.class, builder::build);
      assertTrue(message.contains("built in"), message);
      assertTrue(message.contains(NoneAuthMethod.class.getName()), message);
    }

    @Test
    @DisplayName("two of one name are refused at the second call, naming both")
    void clashWithEachOther() {
      Proauth2.Builder builder = Proauth2.builder().clientAuthMethod(new Named("x_method"));
      String message =
          messageOf(
              IllegalArgumentException.class,
              () -> builder.clientAuthMethod(new Named("x_method")));
      assertTrue(message.contains("'x_method'"), message);
      assertTrue(message.contains(Named.class.getName()), message);
    }
  }

  /**
   * Builds and closes an engine with {@link StandInClientSecretBasic} discoverable: a class loader
   * that sees its services file is the thread's context class loader meanwhile, as for a plugin
   * jar.
   */
  private static void buildWithStandIn(Proauth2.Builder builder) {
    URL services = BuilderRulesTest.class.getClassLoader().getResource(STAND_IN_SERVICES);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {new URL(services, "../../")}, previous)) {
      thread.setContextClassLoader(loader);
      builder.build().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** A method that only has a name, for the clashes. */
  private static final class Named implements ClientAuthMethod {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<ClientCredentials> extract(ClientAuthRequest request) {
      return Optional.empty();
    }

    @Override
    public boolean verify(
        ClientCredentials presented, Record application, ClientAuthContext context) {
      return false;
    }
  }
}
