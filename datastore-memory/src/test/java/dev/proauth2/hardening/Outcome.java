package dev.proauth2.hardening;

import dev.proauth2.spi.Proauth2Exception;
import java.util.function.Supplier;

/**
 * What an engine call gave: a value, or the error code it was refused with. Properties compare
 * outcomes with what the model expects without try blocks at every step.
 *
 * @param value what the call returned, or {@code null} when it was refused
 * @param error the {@link Proauth2Exception#error()} code, or {@code null} when it succeeded
 */
record Outcome<T>(T value, String error) {

  static <T> Outcome<T> of(Supplier<T> call) {
    try {
      return new Outcome<>(call.get(), null);
    } catch (Proauth2Exception e) {
      return new Outcome<>(null, e.error());
    }
  }

  /** Runs a call that returns nothing. */
  static Outcome<Void> ofRun(Runnable call) {
    return of(
        () -> {
          call.run();
          return null;
        });
  }
}
