package dev.proauth2.jose;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of one algorithm as the store holds them, and the rules every engine applies to them
 * alike, so that engines sharing a store agree without a leader: a key signs from its {@code
 * activates_at} until the next key's; the key in force is the one with the latest {@code
 * activates_at} not after now (the smaller {@code kid} on a tie); a retired key is deleted once the
 * longest-lived token it signed has expired. Two engines that wrote at once are reconciled by
 * {@link #merge}: the union of their keys, so no key that may have signed is lost.
 *
 * @param keyEncryptionKeyId the id of the key-encryption key every entry is sealed under
 * @param entries the keys, in order of activation
 */
record KeyRing(String keyEncryptionKeyId, List<Entry> entries) {

  /** The order of activation: by {@code activates_at}, then by {@code kid}. */
  static final Comparator<Entry> ACTIVATION =
      Comparator.comparingLong(Entry::activatesAt).thenComparing(Entry::keyId);

  /**
   * One key.
   *
   * @param keyId its {@code kid}
   * @param activatesAt when it starts signing, epoch milliseconds
   * @param retainMillis how long it stays published after it retires: the longest lifetime of a
   *     token it may sign
   * @param publicJwk its public JWK, as JSON
   * @param sealed its private JWK, sealed under the key-encryption key
   */
  record Entry(
      String keyId, long activatesAt, long retainMillis, String publicJwk, String sealed) {}

  KeyRing {
    entries = entries.stream().sorted(ACTIVATION).toList();
  }

  static KeyRing empty(String keyEncryptionKeyId) {
    return new KeyRing(keyEncryptionKeyId, List.of());
  }

  /** The key that signs at {@code now}, if any has activated. */
  Optional<Entry> inForce(long now) {
    Entry found = null;
    for (Entry entry : entries) {
      if (entry.activatesAt() <= now
          && (found == null || entry.activatesAt() > found.activatesAt())) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  /** When a key retires: the next key's activation, or never. */
  long retiresAt(Entry entry) {
    int index = entries.indexOf(entry);
    return index + 1 < entries.size() ? entries.get(index + 1).activatesAt() : Long.MAX_VALUE;
  }

  /**
   * When a key may be deleted: its retirement plus the longer of its own retention and the one the
   * caller knows, so no engine deletes a key before a token it signed has expired.
   */
  long deletableAt(Entry entry, long retainMillis) {
    long retires = retiresAt(entry);
    return retires == Long.MAX_VALUE
        ? Long.MAX_VALUE
        : retires + Math.max(entry.retainMillis(), retainMillis);
  }

  /** The ring without the keys that may be deleted at {@code now}. */
  KeyRing pruned(long now, long retainMillis) {
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : entries) {
      if (deletableAt(entry, retainMillis) > now) {
        kept.add(entry);
      }
    }
    return kept.size() == entries.size() ? this : new KeyRing(keyEncryptionKeyId, kept);
  }

  /** Whether the ring lacks a key published ahead of the one in force, so one must be made. */
  boolean needsSuccessor(long now) {
    return entries.isEmpty() || entries.get(entries.size() - 1).activatesAt() <= now;
  }

  /**
   * When the next key made should activate: one period after the newest, so it is published a whole
   * period before it signs; after a pause longer than half a period (no engine ran), one period
   * from now. Engines that make a successor at once compute the same time, and {@link #merge} keeps
   * one of their keys.
   */
  long successorActivation(long now, long periodMillis) {
    if (entries.isEmpty()) {
      return now + periodMillis;
    }
    long newest = entries.get(entries.size() - 1).activatesAt();
    return now - newest < periodMillis / 2 ? newest + periodMillis : now + periodMillis;
  }

  KeyRing with(Entry entry) {
    List<Entry> all = new ArrayList<>(entries);
    all.add(entry);
    return new KeyRing(keyEncryptionKeyId, all);
  }

  /**
   * Reconciles this ring with one written at the same time by another engine: every key of either,
   * except that of two keys not yet active at {@code now} with the same activation, only the
   * smaller {@code kid} is kept (neither has signed anything).
   */
  KeyRing merge(KeyRing other, long now) {
    Map<String, Entry> byId = new LinkedHashMap<>();
    for (Entry entry : entries) {
      byId.put(entry.keyId(), entry);
    }
    for (Entry entry : other.entries()) {
      byId.putIfAbsent(entry.keyId(), entry);
    }
    List<Entry> merged = new ArrayList<>();
    Entry previous = null;
    for (Entry entry : byId.values().stream().sorted(ACTIVATION).toList()) {
      boolean twinOfPending =
          previous != null
              && previous.activatesAt() == entry.activatesAt()
              && entry.activatesAt() > now;
      if (!twinOfPending) {
        merged.add(entry);
        previous = entry;
      }
    }
    return new KeyRing(keyEncryptionKeyId, merged);
  }

  /** The earliest time after {@code now} at which a key activates or may be deleted. */
  long nextChange(long now, long retainMillis) {
    long next = Long.MAX_VALUE;
    for (Entry entry : entries) {
      if (entry.activatesAt() > now) {
        next = Math.min(next, entry.activatesAt());
      }
      long deletable = deletableAt(entry, retainMillis);
      if (deletable > now) {
        next = Math.min(next, deletable);
      }
    }
    return next;
  }

  String toJson() {
    List<Object> list = new ArrayList<>();
    for (Entry entry : entries) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("kid", entry.keyId());
      object.put("activates_at", entry.activatesAt());
      object.put("retain_ms", entry.retainMillis());
      object.put("public", entry.publicJwk());
      object.put("sealed", entry.sealed());
      list.add(object);
    }
    Map<String, Object> ring = new LinkedHashMap<>();
    ring.put("v", 1L);
    ring.put("kek", keyEncryptionKeyId);
    ring.put("keys", list);
    return JSONObjectUtils.toJSONString(ring);
  }

  /**
   * Reads a ring as {@link #toJson} wrote it.
   *
   * @throws IllegalStateException when it is not one: the store holds something else under the key
   *     set
   */
  static KeyRing parse(String json) {
    try {
      Map<String, Object> ring = JSONObjectUtils.parse(json);
      String kek = JSONObjectUtils.getString(ring, "kek");
      List<Entry> entries = new ArrayList<>();
      List<Object> keys = JSONObjectUtils.getJSONArray(ring, "keys");
      if (keys == null) {
        throw new ParseException("no keys", 0);
      }
      for (Object item : keys) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) item;
        entries.add(
            new Entry(
                require(JSONObjectUtils.getString(object, "kid")),
                JSONObjectUtils.getLong(object, "activates_at"),
                JSONObjectUtils.getLong(object, "retain_ms"),
                require(JSONObjectUtils.getString(object, "public")),
                require(JSONObjectUtils.getString(object, "sealed"))));
      }
      return new KeyRing(require(kek), entries);
    } catch (ParseException | RuntimeException e) {
      throw new IllegalStateException(
          "the store's signing keys are not in the format this version writes", e);
    }
  }

  private static String require(String value) throws ParseException {
    if (value == null || value.isEmpty()) {
      throw new ParseException("missing member", 0);
    }
    return value;
  }
}
