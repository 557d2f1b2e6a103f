package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcern;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.DataStoreProvider;
import dev.proauth2.spi.Proauth2Exception;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How a config string becomes driver settings; nothing here talks to a server. */
@DisplayName("config strings")
class MongoStoreSettingsTest {

  private static MongoStoreSettings settings(String uri) {
    return MongoStoreSettings.from(DataStoreConfig.parse(uri));
  }

  /**
   * The refusal of opening a store on a config string that parses; port 9 (discard) is never
   * connected to, as the refusal comes before any client is made.
   */
  private static Proauth2Exception refusedWhenOpened(String uri) {
    Proauth2Exception refused =
        assertThrows(
            Proauth2Exception.class,
            () -> new MongoDataStoreProvider().open(DataStoreConfig.parse(uri)));
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
    return refused;
  }

  private static Proauth2Exception refused(String uri) {
    Proauth2Exception refused = assertThrows(Proauth2Exception.class, () -> settings(uri));
    assertEquals(Proauth2Exception.SERVER_ERROR, refused.error());
    return refused;
  }

  @Test
  @DisplayName("the provider is found by ServiceLoader and answers mongodb and mongodb+srv")
  void discovery() {
    Set<String> schemes =
        ServiceLoader.load(DataStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(provider -> provider instanceof MongoDataStoreProvider)
            .flatMap(provider -> provider.schemes().stream())
            .collect(Collectors.toSet());
    assertEquals(Set.of("mongodb", "mongodb+srv"), schemes);
  }

  @Nested
  @DisplayName("defaults")
  class Defaults {

    private final MongoClientSettings client = settings("mongodb://db1").clientSettings();

    @Test
    @DisplayName("the database is proauth2 when the string has no path")
    void database() {
      assertEquals("proauth2", settings("mongodb://db1").database());
      assertEquals("proauth2", settings("mongodb://db1/").database());
      assertEquals("proauth2", settings("mongodb://db1/?w=majority").database());
    }

    @Test
    @DisplayName("an unreachable server fails a call after 2 s of server selection")
    void serverSelectionTimeout() {
      assertEquals(
          2_000, client.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("connecting, reading and waiting for a pooled connection are bounded too")
    void otherTimeouts() {
      assertEquals(2_000, client.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS));
      assertEquals(10_000, client.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS));
      assertEquals(
          10_000, client.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("the server's logs name the client proauth2")
    void applicationName() {
      assertEquals("proauth2", client.getApplicationName());
    }
  }

  @Nested
  @DisplayName("the string's own options")
  class Options {

    @Test
    @DisplayName("override every default")
    void overrideDefaults() {
      MongoClientSettings client =
          settings(
                  "mongodb://db1/auth?serverSelectionTimeoutMS=500&connectTimeoutMS=600"
                      + "&socketTimeoutMS=700&waitQueueTimeoutMS=800&appName=issuer")
              .clientSettings();
      assertEquals(
          500, client.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
      assertEquals(600, client.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS));
      assertEquals(700, client.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS));
      assertEquals(800, client.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS));
      assertEquals("issuer", client.getApplicationName());
    }

    @Test
    @DisplayName("name a replica set, credentials, TLS and write concern for the driver")
    void replicaSet() {
      MongoStoreSettings parsed =
          settings(
              "mongodb://oauth:pa%40ss@db1:27017,db2:27018,db3/oauth_prod"
                  + "?replicaSet=rs0&authSource=admin&tls=true&w=majority&journal=true");
      MongoClientSettings client = parsed.clientSettings();
      assertEquals("oauth_prod", parsed.database());
      assertEquals(
          List.of(
              new ServerAddress("db1", 27017),
              new ServerAddress("db2", 27018),
              new ServerAddress("db3", 27017)),
          client.getClusterSettings().getHosts());
      assertEquals("rs0", client.getClusterSettings().getRequiredReplicaSetName());
      assertEquals("oauth", client.getCredential().getUserName());
      assertEquals("admin", client.getCredential().getSource());
      assertEquals("pa@ss", new String(client.getCredential().getPassword()));
      assertTrue(client.getSslSettings().isEnabled());
      assertEquals(WriteConcern.MAJORITY.withJournal(true), client.getWriteConcern());
    }
  }

  @Nested
  @DisplayName("refused strings")
  class Refused {

    @Test
    @DisplayName(
        "unacknowledged writes (w=0) are refused by the builder the string fills, before any"
            + " client is made")
    void unacknowledgedWrites() {
      String uri = "mongodb://user:hunter2@127.0.0.1:9/p?w=0";
      assertEquals(WriteConcern.UNACKNOWLEDGED, settings(uri).clientSettings().getWriteConcern());
      Proauth2Exception refused = refusedWhenOpened(uri);
      assertEquals(
          "The 'mongodb:' config mongodb://user:REDACTED@127.0.0.1:9/p?w=0 asks for"
              + " unacknowledged writes (w=0); the store needs acknowledged writes to know what it"
              + " replaced or removed, so remove the w option or set w=1 or w=majority.",
          refused.description());
    }

    @Test
    @DisplayName(
        "a database name MongoDB cannot have is refused by the builder, quoting the path and the"
            + " range")
    void badDatabaseName() {
      assertEquals("a$b", settings("mongodb://db1/a$b").database());
      String tooLong = "x".repeat(64);
      for (String database : new String[] {"a$b", tooLong}) {
        Proauth2Exception refused = refusedWhenOpened("mongodb://127.0.0.1:9/" + database);
        assertEquals(
            "The 'mongodb:' config mongodb://127.0.0.1:9/"
                + database
                + " names database '"
                + database
                + "' in its path; a MongoDB database name must be 1 to 63 bytes (UTF-8) without"
                + " slash, backslash, dot, double quote, dollar sign, space or NUL.",
            refused.description());
      }
    }

    @Test
    @DisplayName("a database.collection path is refused")
    void collectionInPath() {
      assertTrue(refused("mongodb://db1/proauth2.tokens").description().contains("collection"));
    }

    @Test
    @DisplayName("another scheme is refused")
    void otherScheme() {
      assertTrue(refused("redis://db1/0").description().contains("mongodb+srv"));
    }

    @Test
    @DisplayName("a malformed string is refused with the driver's reason and without the password")
    void malformed() {
      Proauth2Exception refused = refused("mongodb://user:hunter2@db1/p?maxPoolSize=many");
      assertTrue(refused.description().contains("maxPoolSize"), refused.description());
      assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
      assertTrue(refused.description().contains("REDACTED"), refused.description());
    }
  }
}
