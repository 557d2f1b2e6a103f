package dev.proauth2.datastore.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fixture's one piece of logic that the emulator branch does not exercise. */
@DisplayName("the test fixture")
class TestMongoDBTest {

  @Test
  @DisplayName("puts each store's database into a user's connection string and keeps the options")
  void withDatabase() {
    assertEquals("mongodb://h:1/db", TestMongoDB.withDatabase("mongodb://h:1", "db"));
    assertEquals("mongodb://h:1/db", TestMongoDB.withDatabase("mongodb://h:1/test", "db"));
    assertEquals(
        "mongodb://a,b/db?replicaSet=rs0",
        TestMongoDB.withDatabase("mongodb://a,b/?replicaSet=rs0", "db"));
  }

  @Test
  @DisplayName("keeps credentials authenticating against the database they named")
  void keepsAuthSource() {
    assertEquals(
        "mongodb://u:p@h/db?authSource=admin", TestMongoDB.withDatabase("mongodb://u:p@h", "db"));
    assertEquals(
        "mongodb://u:p@h/db?tls=true&authSource=users",
        TestMongoDB.withDatabase("mongodb://u:p@h/users?tls=true", "db"));
    assertEquals(
        "mongodb+srv://u:p@c.example.net/db?authSource=admin",
        TestMongoDB.withDatabase("mongodb+srv://u:p@c.example.net/?", "db"));
    assertEquals(
        "mongodb://u:p@h/db?authSource=x",
        TestMongoDB.withDatabase("mongodb://u:p@h/y?authSource=x", "db"));
  }
}
