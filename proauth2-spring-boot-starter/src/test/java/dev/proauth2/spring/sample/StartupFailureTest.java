package dev.proauth2.spring.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The sample application when its configuration is wrong: a short report, and nothing left running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartupFailureTest {

  private EmbeddedPostgres postgres;

  @BeforeAll
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  void stop() throws Exception {
    postgres.close();
  }

  /** Starts the sample with these properties over sample.yml's, as command-line arguments do. */
  private Throwable failedStart(String... properties) {
    List<String> args = new ArrayList<>();
    args.add("--spring.config.name=sample");
    args.add("--server.port=0");
    args.add("--proauth2.issuer=http://localhost");
    args.add("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"));
    for (String property : properties) {
      args.add("--" + property);
    }
    return assertThrows(
        Throwable.class,
        () ->
            new SpringApplicationBuilder(SampleApplication.class)
                .run(args.toArray(String[]::new))
                .close());
  }

  /** What Boot prints for the failure: the first analysis any registered analyzer makes. */
  private static FailureAnalysis analysis(Throwable failure) {
    // Boot's own analyzers that need the failed context's bean factory are left out here.
    for (FailureAnalyzer analyzer :
        SpringFactoriesLoader.forDefaultResourceLocation()
            .load(
                FailureAnalyzer.class,
                null,
                SpringFactoriesLoader.FailureHandler.handleMessage((message, ignored) -> {}))) {
      FailureAnalysis analysis = analyzer.analyze(failure);
      if (analysis != null) {
        return analysis;
      }
    }
    return null;
  }

  private static String chain(Throwable failure) {
    StringBuilder chain = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      chain.append(cause).append('\n');
    }
    return chain.toString();
  }

  @Test
  @DisplayName("a typo'd property such as proauth2.acess-token-ttl stops the start, naming it")
  void typo() {
    Throwable failure = failedStart("proauth2.acess-token-ttl=5m");
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      messages.append(cause.getMessage()).append('\n');
    }
    assertTrue(messages.toString().contains("proauth2.acess-token-ttl"), messages.toString());
  }

  @Test
  @DisplayName(
      "a declared client that is refused is reported by its property with the action to take,"
          + " never with its secret")
  void refusedClient() {
    Throwable failure = failedStart("proauth2.clients.orders-web.client-secret=hunter2-too-short");
    FailureAnalysis analysis = analysis(failure);
    assertNotNull(analysis, () -> "no analyzer explains " + chain(failure));
    assertTrue(
        analysis.getDescription().contains("proauth2.clients.orders-web"),
        analysis.getDescription());
    assertTrue(analysis.getAction().contains("proauth2.clients.orders-web"), analysis.getAction());
    assertTrue(!analysis.getDescription().contains("hunter2"), analysis.getDescription());
  }

  @Test
  @DisplayName(
      "a Spring pattern a servlet filter cannot honour stops the start, naming the property and"
          + " the accepted syntax")
  void unguardablePattern() {
    Throwable failure = failedStart("proauth2.resource-server.url-patterns=/api/*/orders");
    FailureAnalysis analysis = analysis(failure);
    assertNotNull(analysis, () -> "no analyzer explains " + chain(failure));
    assertTrue(
        analysis.getDescription().contains("proauth2.resource-server.url-patterns"),
        analysis.getDescription());
    assertTrue(analysis.getAction().contains("/api/**"), analysis.getAction());
  }

  @Test
  @DisplayName(
      "after a start that fails once the store is open, no thread it started is left running:"
          + " no sweeper, no pool")
  void nothingLeaks() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    failedStart("proauth2.clients.orders-web.client-secret=hunter2-too-short");
    List<Thread> started =
        Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> !before.contains(thread))
            .filter(
                thread ->
                    thread.getName().startsWith("proauth2")
                        || thread.getName().startsWith("HikariPool"))
            .collect(Collectors.toList());
    for (Thread thread : started) {
      thread.join(10_000); // a stopping thread may take a moment to end
    }
    assertEquals(
        List.of(),
        started.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toList()));
  }
}
