package dev.proauth2.datastore.redis;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import redis.clients.jedis.Jedis;

/**
 * Counts what one store call costs on a {@link LatencyProxy}: the round trips the caller waited
 * for, from a stopwatch (each costs twice the relay's delay; what the call does itself is noise
 * well under one), and the commands it sent, from Lettuce's command events. Commands sent without
 * waiting for their answers, such as the index clean-up after a take, count as commands but not as
 * round trips, because the caller does not wait for them.
 */
final class RoundTripCounter implements CommandListener {

  private final long roundTripNanos;
  private final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();

  /**
   * @param delayMillis the one-way delay of the relay in front of Redis
   */
  RoundTripCounter(long delayMillis) {
    this.roundTripNanos = 2 * delayMillis * 1_000_000L;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    sent.add(event.getCommand().getType().toString());
  }

  /** Runs a call and answers how many round trips it waited for. */
  int roundTripsOf(Runnable call) {
    sent.clear();
    long start = System.nanoTime();
    call.run();
    return (int) ((System.nanoTime() - start) / roundTripNanos);
  }

  /** The commands the last measured call sent, by name, in order. */
  List<String> commands() {
    return new ArrayList<>(sent);
  }

  /**
   * What Redis itself ran since its statistics were last reset ({@code CONFIG RESETSTAT}): calls
   * per command, from {@code INFO commandstats}, scripts' insides included, the statistics' own
   * {@code CONFIG} and {@code INFO} left out.
   */
  static Map<String, Long> commandStats(Jedis jedis) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : jedis.info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String command = line.substring("cmdstat_".length(), line.indexOf(':'));
      int start = line.indexOf("calls=") + "calls=".length();
      long count = Long.parseLong(line.substring(start, line.indexOf(',', start)));
      if (!command.startsWith("config") && !command.startsWith("info")) {
        calls.put(command, count);
      }
    }
    return calls;
  }
}
