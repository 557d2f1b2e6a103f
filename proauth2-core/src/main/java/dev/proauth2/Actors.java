package dev.proauth2;

import dev.proauth2.spi.Actor;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Table;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A delegation chain ({@code act}, RFC 8693 section 4.1) as a token record stores it: each actor's
 * subject percent-encoded, so no subject's space or character is taken for a separator, the latest
 * actor first, separated by single spaces.
 */
final class Actors {

  private Actors() {}

  /**
   * The chain as stored, or {@code null} for no actor.
   *
   * @throws Proauth2Exception {@code invalid_request} when it is longer than {@link Table#MAX_ACT}
   */
  static String encode(Actor actor) {
    if (actor == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (Actor a = actor; a != null; a = a.prior()) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(URLEncoder.encode(a.subject(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    if (out.length() > Table.MAX_ACT) {
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "the delegation chain is too long to record; act with fewer or shorter subjects");
    }
    return out.toString();
  }

  /** The chain a record stores, or {@code null} for none. */
  static Actor decode(String stored) {
    if (stored == null || stored.isEmpty()) {
      return null;
    }
    List<String> subjects = new ArrayList<>();
    for (String part : stored.split(" ")) {
      subjects.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
    }
    Actor chain = null;
    for (int i = subjects.size() - 1; i >= 0; i--) {
      chain = new Actor(subjects.get(i), chain);
    }
    return chain;
  }
}
