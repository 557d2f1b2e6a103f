package dev.proauth2.spi;

import java.util.Objects;

/**
 * Who acts for a token's subject (RFC 8693 section 4.1, the {@code act} claim): the party that
 * presented an {@code actor_token}, and, nested, whoever acted before it.
 *
 * @param subject the actor's {@code sub}: the user, or the client itself for a client's own token
 * @param prior the actor before this one, its nested {@code act}, or {@code null}
 */
public record Actor(String subject, Actor prior) {

  /** How many actors a delegation chain may hold, counting this one. */
  public static final int MAX_DEPTH = 5;

  /**
   * Checks the subject and the chain's depth.
   *
   * @throws IllegalArgumentException when the subject is empty or the chain is deeper than {@link
   *     #MAX_DEPTH}
   */
  public Actor {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty() || subject.length() > Table.MAX_ID) {
      throw new IllegalArgumentException(
          "an actor's subject must have 1 to " + Table.MAX_ID + " characters");
    }
    if (prior != null && prior.depth() >= MAX_DEPTH) {
      throw new IllegalArgumentException(
          "a delegation chain holds at most " + MAX_DEPTH + " actors");
    }
  }

  /** An actor with no one before it. */
  public static Actor of(String subject) {
    return new Actor(subject, null);
  }

  /** How many actors the chain holds, this one included. */
  public int depth() {
    return prior == null ? 1 : 1 + prior.depth();
  }
}
