package dev.proauth2.datastore.redis;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

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
}
