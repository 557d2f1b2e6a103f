package dev.proauth2.datastore.jdbc;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/** H2 in this JVM: each namespace is an in-memory database of its own. */
final class TestH2 implements TestDatabase {

  private static final System.Logger LOG = System.getLogger(TestH2.class.getName());
  private static final AtomicLong DATABASES = new AtomicLong();
  private static TestH2 instance;
  private final String version;

  private TestH2() {
    this.version = TestDatabase.queryOne("jdbc:h2:mem:version", "", "", "SELECT H2VERSION()");
  }

  static synchronized TestH2 get() {
    if (instance == null) {
      instance = new TestH2();
      LOG.log(Level.INFO, "H2 tests run on {0}", instance.describe());
    }
    return instance;
  }

  @Override
  public String describe() {
    return "H2 " + version + ", in-memory, in the test JVM";
  }

  @Override
  public String newConfig(String... options) {
    // DB_CLOSE_DELAY=-1 keeps the database while no connection is open, as a server would.
    return TestDatabase.withOptions(
        "jdbc:h2:mem:proauth2_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", options);
  }

  @Override
  public String toString() {
    return "H2";
  }
}
