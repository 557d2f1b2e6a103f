package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.proauth2.Proauth2;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.testkit.EngineOperations;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Counts the commands, so the round trips, each engine operation sends to MongoDB, with the
 * driver's own {@link CommandListener} (as {@link RoundTripsTest} does for the store's operations):
 * each command is one round trip, over the testkit's {@link EngineOperations} flow. The table is
 * logged; the counts are asserted, so a change to them is a deliberate one. The driver sends the
 * same commands to the emulator and to MongoDB.
 */
@DisplayName("round trips of each engine operation on MongoDB, counted by a CommandListener")
class EngineRoundTripsTest {

  private static final System.Logger LOG = System.getLogger(EngineRoundTripsTest.class.getName());

  private static final List<String> COMMANDS = Collections.synchronizedList(new ArrayList<>());
  private static final Map<String, List<String>> FIGURES = new LinkedHashMap<>();

  private static DataStore store;
  private static Proauth2 oauth;

  @BeforeAll
  static void runTheFlow() {
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            BsonValue collection = event.getCommand().get(event.getCommandName());
            COMMANDS.add(
                event.getCommandName()
                    + (collection != null && collection.isString()
                        ? " " + collection.asString().getValue()
                        : ""));
          }
        };
    TestMongoDB mongo = TestMongoDB.get();
    DataStoreConfig config = DataStoreConfig.parse(mongo.uri(mongo.newDatabase()));
    store = MongoDataStoreProvider.open(config, settings -> settings.addCommandListener(listener));
    oauth = Proauth2.builder().dataStore(store).build();
    EngineOperations.run(oauth, EngineRoundTripsTest::count);
  }

  @AfterAll
  static void close() {
    oauth.close();
    store.close();
    StringBuilder table = new StringBuilder("commands sent per engine operation:");
    FIGURES.forEach(
        (operation, sent) ->
            table.append(String.format("%n  %-42s %2d %s", operation, sent.size(), sent)));
    LOG.log(Level.INFO, table.toString());
  }

  private static <T> T count(String operation, Supplier<T> call) {
    COMMANDS.clear();
    T result = call.get();
    FIGURES.put(operation, List.copyOf(COMMANDS));
    return result;
  }

  private static List<String> sent(String operation) {
    return FIGURES.get(operation);
  }

  @Test
  @DisplayName("registering a client is one findAndModify: the put of its application")
  void registerApp() {
    // put the application: the client id is new, so the put replaces nothing
    assertEquals(List.of("findAndModify applications"), sent("registerApp"));
  }

  @Test
  @DisplayName("authenticateToken, the check on every API request, is one find")
  void authenticateToken() {
    assertEquals(List.of("find tokens"), sent("authenticateToken"));
  }

  @Test
  @DisplayName("introspecting an access token is one command, a refresh token two")
  void introspect() {
    assertEquals(List.of("find tokens"), sent("introspect (access token)"));
    assertEquals(List.of("find tokens", "find refresh_tokens"), sent("introspect (refresh token)"));
  }

  @Test
  @DisplayName("the code exchange is 7 commands: 2 to authorize, 5 to redeem the code")
  void codeExchange() {
    // Fetch the client's application, then put the new code.
    assertEquals(
        List.of("find applications", "findAndModify nonce_codes"),
        sent("requestAuthorization (PKCE)"));
    assertEquals(
        List.of(
            // fetch the application, to authenticate the client
            "find applications",
            // fetch the code, to check its client, redirect URI and PKCE verifier
            "find nonce_codes",
            // put the refresh token, then the access token
            "findAndModify refresh_tokens",
            "findAndModify tokens",
            // replace the code with its tombstone: only the caller that replaced the live code
            // keeps its tokens; if the code was gone, the grant was revoked meanwhile and the
            // tokens are withdrawn
            "findAndModify nonce_codes"),
        sent("requestAccessToken (authorization_code)"));
  }

  @Test
  @DisplayName("a refresh with rotation is 5 commands, as redeeming a code")
  void refresh() {
    assertEquals(
        List.of(
            // fetch the application, to authenticate the client
            "find applications",
            // fetch the refresh token, to check its client, its scope and whether it was rotated
            "find refresh_tokens",
            // put the new refresh token, then the new access token
            "findAndModify refresh_tokens",
            "findAndModify tokens",
            // replace the old one with its tombstone: only one rotation of a token keeps its
            // tokens
            "findAndModify refresh_tokens"),
        sent("requestAccessToken (refresh_token)"));
  }

  @Test
  @DisplayName("revoking an access token is 2 commands: find it, then findOneAndDelete it")
  void revoke() {
    // fetch it, to check that the client owns it; then remove it
    assertEquals(
        List.of("find tokens", "findAndModify tokens"), sent("revokeToken (access token)"));
  }

  @Test
  @DisplayName("revoking a refresh token is 6 commands: 2 lookups, 4 deletes of the family")
  void revokeGrant() {
    assertEquals(
        List.of(
            // fetch: not an access token
            "find tokens",
            // fetch the refresh token, or the tombstone of one being rotated
            "find refresh_tokens",
            // removeAll by family: access tokens first; then, after the delete that removed the
            // refresh token or its tombstone, both again, for what a racing rotation stored
            // behind the first deletes' cursors
            "delete tokens",
            "delete refresh_tokens",
            "delete tokens",
            "delete refresh_tokens"),
        sent("revokeToken (refresh token, whole grant)"));
  }
}
