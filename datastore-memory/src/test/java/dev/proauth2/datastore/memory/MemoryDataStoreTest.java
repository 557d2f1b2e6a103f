package dev.proauth2.datastore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.DataStoreConfig;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemoryDataStoreTest {

  private static Record token(String hash, long expiresAt) {
    return Record.of(
        Map.of(
            Table.TOKEN_HASH,
            hash,
            Table.CLIENT_ID,
            "c",
            Table.USER_ID,
            "u",
            Table.FAMILY,
            "f",
            Table.ISSUED_AT,
            0L,
            Table.EXPIRES_AT,
            expiresAt));
  }

  @Test
  @DisplayName("the sweeper reclaims expired records without any call from the caller")
  void sweeperReclaims() throws InterruptedException {
    AtomicLong now = new AtomicLong(1_000);
    MemoryDataStore store = new MemoryDataStore(clockAt(now), Duration.ofMillis(20));
    try {
      store.put(Table.TOKENS, token("expiring", 2_000));
      store.put(Table.TOKENS, token("lasting", 10_000));
      assertEquals(2, store.size(Table.TOKENS));
      now.set(5_000);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (store.size(Table.TOKENS) > 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, store.size(Table.TOKENS), "the expired token was not reclaimed");
    } finally {
      store.close();
    }
  }

  @Test
  @DisplayName("close stops the sweeper thread")
  void closeStopsThread() throws InterruptedException {
    DataStore store = new MemoryDataStoreProvider().open(DataStoreConfig.parse("memory:"));
    assertTrue(sweeperRunning());
    store.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sweeperRunning() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(sweeperRunning());
  }

  private static boolean sweeperRunning() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("proauth2-memory-sweeper") && t.isAlive());
  }

  @Test
  @DisplayName("the sweepSeconds option is read, and unknown or bad options are refused")
  void options() {
    MemoryDataStoreProvider provider = new MemoryDataStoreProvider();
    provider.open(DataStoreConfig.parse("memory:?sweepSeconds=5")).close();
    for (String uri :
        new String[] {
          "memory:?sweepSeconds=0", "memory:?sweepSeconds=x", "memory:?size=3", "memory://host"
        }) {
      Proauth2Exception thrown =
          assertThrows(Proauth2Exception.class, () -> provider.open(DataStoreConfig.parse(uri)));
      assertEquals(Proauth2Exception.SERVER_ERROR, thrown.error());
    }
  }

  private static java.time.Clock clockAt(AtomicLong now) {
    return new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(now.get());
      }
    };
  }
}
