package dev.proauth2.datastore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.Table;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link JdbcDataStores}: stores on a DataSource the caller made and keeps. */
@DisplayName("JdbcDataStores.builder, on a DataSource of the caller's")
class JdbcDataStoresTest {

  /** A DataSource that fails the test if anything asks it for a connection. */
  private static final DataSource NO_CONNECTIONS =
      (DataSource)
          Proxy.newProxyInstance(
              DataSource.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                throw new AssertionError("the builder asked for a connection: " + method);
              });

  private static JdbcDataStores.Builder builder() {
    return JdbcDataStores.builder(NO_CONNECTIONS);
  }

  private static JdbcDataSource newH2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(TestH2.get().newConfig());
    return h2;
  }

  private static void refused(Executable setting, String message) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, setting);
    assertEquals(message, refused.getMessage());
  }

  @Test
  @DisplayName(
      "the defaults: dialect read at build, schema created, 2s, sweep every minute by 1000")
  void defaults() {
    JdbcDataStores.Options options = builder().options();
    assertNull(options.dialect());
    assertTrue(options.createSchema());
    assertEquals(10, options.poolSize());
    assertEquals(Duration.ofSeconds(2), options.timeout());
    assertEquals(Duration.ofMinutes(1), options.sweepInterval());
    assertEquals(1000, options.sweepBatch());
    assertEquals(Clock.systemUTC(), options.clock());
  }

  @Test
  @DisplayName("each setting reaches the options the store is opened with")
  void settings() {
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    JdbcDataStores.Options options =
        builder()
            .dialect(JdbcDialect.POSTGRESQL)
            .createSchema(false)
            .timeout(Duration.ofSeconds(5))
            .sweepInterval(Duration.ZERO)
            .sweepBatch(50)
            .clock(clock)
            .options();
    assertEquals(JdbcDialect.POSTGRESQL, options.dialect());
    assertFalse(options.createSchema());
    assertEquals(Duration.ofSeconds(5), options.timeout());
    assertEquals(Duration.ZERO, options.sweepInterval());
    assertEquals(50, options.sweepBatch());
    assertEquals(clock, options.clock());
  }

  @Test
  @DisplayName("with a dialect, no schema and no sweeper, build() takes no connection")
  void buildWithoutConnecting() {
    try (DataStore store =
        builder()
            .dialect(JdbcDialect.H2)
            .createSchema(false)
            .sweepInterval(Duration.ZERO)
            .build()) {
      assertTrue(store.toString().contains("the application's DataSource"), store.toString());
    }
  }

  @Test
  @DisplayName("the store judges expiry by the builder's clock")
  void clock() {
    JdbcDataSource h2 = newH2();
    Clock twoHoursOn = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
    Record token = Samples.token("alice", Samples.HOUR);
    try (DataStore store = JdbcDataStores.builder(h2).build();
        DataStore later = JdbcDataStores.builder(h2).clock(twoHoursOn).build()) {
      store.put(Table.TOKENS, token);
      assertTrue(store.fetch(Table.TOKENS, Samples.key(token)).isPresent());
      assertTrue(later.fetch(Table.TOKENS, Samples.key(token)).isEmpty());
    }
  }

  @Test
  @DisplayName("createSchema(false) leaves the database without the tables")
  void noSchema() throws Exception {
    JdbcDataSource h2 = newH2();
    try (DataStore store =
        JdbcDataStores.builder(h2).createSchema(false).sweepInterval(Duration.ZERO).build()) {
      try (var connection = h2.getConnection();
          var tables =
              connection.getMetaData().getTables(null, null, "TOKENS", new String[] {"TABLE"})) {
        assertFalse(tables.next());
      }
    }
  }

  @Nested
  @DisplayName("ranges, checked once by build(), before anything connects")
  class Ranges {

    @Test
    @DisplayName("timeout: from 250 ms to 24 hours; a nanosecond outside either end is refused")
    void timeout() {
      String range = "timeout must be from 250 ms to 24 hours; got ";
      assertEquals(
          Duration.ofMillis(250), builder().timeout(Duration.ofMillis(250)).options().timeout());
      assertEquals(
          Duration.ofHours(24), builder().timeout(Duration.ofHours(24)).options().timeout());
      refused(
          () -> builder().timeout(Duration.ofMillis(250).minusNanos(1)).build(),
          range + "PT0.249999999S");
      refused(
          () -> builder().timeout(Duration.ofHours(24).plusNanos(1)).build(),
          range + "PT24H0.000000001S");
      refused(() -> builder().timeout(Duration.ZERO).build(), range + "PT0S");
      refused(() -> builder().timeout(Duration.ofSeconds(-1)).build(), range + "PT-1S");
    }

    @Test
    @DisplayName("sweepInterval: zero, or from 250 ms to 24 hours; a nanosecond outside is refused")
    void sweepInterval() {
      String range = "sweepInterval must be zero (no sweeper) or from 250 ms to 24 hours; got ";
      for (Duration inside : new Duration[] {Duration.ZERO, ms(250), Duration.ofHours(24)}) {
        assertEquals(inside, builder().sweepInterval(inside).options().sweepInterval());
      }
      refused(
          () -> builder().sweepInterval(ms(250).minusNanos(1)).build(), range + "PT0.249999999S");
      refused(
          () -> builder().sweepInterval(Duration.ofHours(24).plusNanos(1)).build(),
          range + "PT24H0.000000001S");
      refused(() -> builder().sweepInterval(Duration.ofNanos(1)).build(), range + "PT0.000000001S");
      refused(() -> builder().sweepInterval(ms(-250)).build(), range + "PT-0.25S");
    }

    @Test
    @DisplayName("sweepBatch: from 1 to 100,000")
    void sweepBatch() {
      String range = "sweepBatch must be from 1 to 100000; got ";
      assertEquals(1, builder().sweepBatch(1).options().sweepBatch());
      assertEquals(100_000, builder().sweepBatch(100_000).options().sweepBatch());
      refused(() -> builder().sweepBatch(0).build(), range + "0");
      refused(() -> builder().sweepBatch(100_001).build(), range + "100001");
      refused(() -> builder().sweepBatch(-1).build(), range + "-1");
    }

    @Test
    @DisplayName("poolSize (the config string's, for the store's own pool): from 1 to 1000")
    void poolSize() {
      String range = "poolSize must be from 1 to 1000; got ";
      assertEquals(1, builder().poolSize(1).options().poolSize());
      assertEquals(1000, builder().poolSize(1000).options().poolSize());
      refused(() -> builder().poolSize(0).build(), range + "0");
      refused(() -> builder().poolSize(1001).build(), range + "1001");
    }

    @Test
    @DisplayName("the last value set is the one checked")
    void lastValueWins() {
      assertEquals(
          Duration.ofSeconds(1),
          builder().timeout(Duration.ZERO).timeout(Duration.ofSeconds(1)).options().timeout());
    }

    @Test
    @DisplayName("a null DataSource or setting is refused at once")
    void nulls() {
      assertThrows(NullPointerException.class, () -> JdbcDataStores.builder((DataSource) null));
      assertThrows(NullPointerException.class, () -> builder().dialect(null));
      assertThrows(NullPointerException.class, () -> builder().timeout(null));
      assertThrows(NullPointerException.class, () -> builder().sweepInterval(null));
      assertThrows(NullPointerException.class, () -> builder().clock(null));
    }

    private static Duration ms(long millis) {
      return Duration.ofMillis(millis);
    }
  }
}
