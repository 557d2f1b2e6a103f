package dev.proauth2.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proauth2.KeyEncryptionKeys;
import dev.proauth2.SigningContext;
import dev.proauth2.spi.DataStore;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import dev.proauth2.spi.SecretHashes;
import dev.proauth2.spi.Table;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing keys the engine makes, keeps in its store ({@link Table#SIGNING_KEYS}) and rotates by
 * itself: the default, and what to use unless keys must come from elsewhere.
 *
 * <p>The lifecycle, for a rotation period P (default {@value #DEFAULT_ROTATION_DAYS} days): a key
 * is made and published one period before it signs, so every resource server's cache (which may
 * keep the key set for {@link #maxAge()}, a quarter of P at most) holds it first; it then signs for
 * one period; when the next key takes over it retires, stays published until the longest-lived
 * token it signed has expired (plus a minute for clock skew), and is deleted. Engines sharing a
 * store agree with no leader: each reads the set, writes a change with the store's atomic {@code
 * replace}, and if what it replaced is not what it read, merges the other engine's keys in and
 * writes again ({@link KeyRing}). Each engine re-reads the set at least every eighth of P (at most
 * every five minutes) and whenever a key activates, so engines agree exactly on the key in force;
 * an engine whose write another merged reads the set again a second after it wrote, so engines that
 * start on an empty store at the same moment may each sign with a first key of their own for that
 * second (both keys are published, and every engine accepts both).
 *
 * <p>Private keys reach the store only sealed with AES-256-GCM under the host's key-encryption key
 * ({@link KeyEncryptionKeys}); an engine on a store outside its process refuses to start without
 * one. The memory store, whose keys never leave the process, needs none: a random key is made for
 * the life of the JVM.
 */
public final class ManagedSigningKeys implements SigningKeys {

  /** The default rotation period, in days. */
  public static final int DEFAULT_ROTATION_DAYS = 7;

  static final Duration MIN_ROTATION = Duration.ofSeconds(10);
  static final Duration MAX_ROTATION = Duration.ofDays(365);
  private static final long CLOCK_SKEW_MILLIS = 60_000;
  private static final long FORCED_RELOAD_INTERVAL_MILLIS = 1_000;
  private static final long SETTLE_MILLIS = 1_000;
  private static final int MAX_WRITES = 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final System.Logger LOG = System.getLogger(ManagedSigningKeys.class.getName());

  private final Duration rotation;
  private final Map<JWSAlgorithm, Loaded> loaded = new ConcurrentHashMap<>();
  private final Map<String, SigningKey> unsealed = new ConcurrentHashMap<>();
  private final Map<String, JWK> publicJwks = new ConcurrentHashMap<>();
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile JWKSet published = new JWKSet();
  private volatile long lastForcedReload;
  private DataStore store;
  private Clock clock;
  private KeySealer sealer;
  private long retainMillis;

  /**
   * What the engine last read of one key set, and until when that holds; {@code settling} when it
   * is this engine's own write, which another engine may have merged over.
   */
  private record Loaded(
      KeyRing ring, SigningKey active, long reloadAt, long changeAt, boolean settling) {}

  private ManagedSigningKeys(Duration rotation) {
    this.rotation = rotation;
  }

  /** Keys that rotate every {@value #DEFAULT_ROTATION_DAYS} days. */
  public static ManagedSigningKeys rotatingEveryWeek() {
    return new ManagedSigningKeys(Duration.ofDays(DEFAULT_ROTATION_DAYS));
  }

  /**
   * Keys that rotate every {@code period}, 10 seconds to 365 days; a short period is for trying
   * rotation out, a production period is days.
   *
   * @throws IllegalArgumentException when the period is out of range
   */
  public static ManagedSigningKeys rotatingEvery(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.compareTo(MIN_ROTATION) < 0 || period.compareTo(MAX_ROTATION) > 0) {
      throw new IllegalArgumentException(
          "the rotation period must be between 10 seconds and 365 days; got " + period);
    }
    return new ManagedSigningKeys(period);
  }

  /** The rotation period. */
  public Duration rotation() {
    return rotation;
  }

  @Override
  public void start(SigningContext context, Set<JWSAlgorithm> algorithms) {
    this.store = context.store();
    this.clock = context.clock();
    this.retainMillis = context.longestTokenLifetime().toMillis() + CLOCK_SKEW_MILLIS;
    this.sealer = new KeySealer(keyEncryptionKey(context));
    long now = clock.millis();
    for (JWSAlgorithm algorithm : algorithms) {
      loaded.put(algorithm, load(algorithm, now));
    }
    publish(now);
  }

  @Override
  public SigningKey signingKey(JWSAlgorithm algorithm) {
    Loaded current = current(algorithm, clock.millis());
    if (current == null) {
      throw new IllegalArgumentException(
          "no signing keys for " + algorithm + "; the engine was not started with it");
    }
    return current.active();
  }

  @Override
  public JWKSet publicKeys() {
    long now = clock.millis();
    for (JWSAlgorithm algorithm : loaded.keySet()) {
      current(algorithm, now);
    }
    return published;
  }

  @Override
  public JWKSet reloadPublicKeys() {
    long now = clock.millis();
    if (now - lastForcedReload >= FORCED_RELOAD_INTERVAL_MILLIS && reloading.tryLock()) {
      try {
        lastForcedReload = now;
        for (JWSAlgorithm algorithm : loaded.keySet()) {
          loaded.put(algorithm, load(algorithm, now));
        }
        publish(now);
      } finally {
        reloading.unlock();
      }
    }
    return published;
  }

  /** A quarter of the rotation period, from 1 second to 6 hours. */
  @Override
  public Duration maxAge() {
    return clamp(rotation.dividedBy(4), Duration.ofSeconds(1), Duration.ofHours(6));
  }

  /** How often an engine re-reads the key sets: an eighth of the period, 1 s to 5 minutes. */
  Duration refresh() {
    return clamp(rotation.dividedBy(8), Duration.ofSeconds(1), Duration.ofMinutes(5));
  }

  /**
   * The key set as last read, re-read when it is due: one thread re-reads while the others go on
   * with what they have, except after a key activated or may be deleted, or after this engine
   * wrote, when all wait for it.
   */
  private Loaded current(JWSAlgorithm algorithm, long now) {
    Loaded current = loaded.get(algorithm);
    if (current == null || now < current.reloadAt()) {
      return current;
    }
    boolean mustWait = now >= current.changeAt() || current.settling();
    if (mustWait) {
      reloading.lock();
    } else if (!reloading.tryLock()) {
      return current;
    }
    try {
      Loaded latest = loaded.get(algorithm);
      if (now < latest.reloadAt()) {
        return latest;
      }
      Loaded fresh;
      try {
        fresh = load(algorithm, now);
      } catch (RuntimeException e) {
        if (now >= latest.changeAt() || latest.settling()) {
          throw e; // what was read may no longer say which key signs
        }
        // Nothing changes before changeAt: go on with what was read, and try again in a second.
        LOG.log(System.Logger.Level.WARNING, "could not re-read the signing keys; will retry", e);
        Loaded kept =
            new Loaded(
                latest.ring(), latest.active(), now + SETTLE_MILLIS, latest.changeAt(), false);
        loaded.put(algorithm, kept);
        return kept;
      }
      loaded.put(algorithm, fresh);
      publish(now);
      return fresh;
    } finally {
      reloading.unlock();
    }
  }

  /** Reads a key set, makes or deletes keys as its rules say, and opens the key in force. */
  private Loaded load(JWSAlgorithm algorithm, long now) {
    Optional<Record> stored = store.fetch(Table.SIGNING_KEYS, algorithm.getName());
    KeyRing ring = stored.map(this::ring).orElse(KeyRing.empty(sealer.id()));
    KeyRing wanted = ring.pruned(now, retainMillis);
    if (wanted.inForce(now).isEmpty()) {
      wanted = wanted.with(newEntry(algorithm, now));
    }
    if (wanted.needsSuccessor(now)) {
      wanted = wanted.with(newEntry(algorithm, wanted.successorActivation(now, periodMillis())));
    }
    boolean wrote = !wanted.equals(ring);
    if (wrote) {
      ring = write(algorithm, stored, wanted, now);
    }
    KeyRing.Entry inForce = ring.inForce(now).orElseThrow();
    SigningKey active = unsealed.computeIfAbsent(inForce.keyId(), id -> open(algorithm, inForce));
    // An engine that wrote may have been overwritten by another that merged both writes: it reads
    // what the store settled on a second later, not a refresh period later.
    long refreshAt = now + (wrote ? SETTLE_MILLIS : refresh().toMillis());
    long changeAt = ring.nextChange(now, retainMillis);
    return new Loaded(ring, active, Math.min(refreshAt, changeAt), changeAt, wrote);
  }

  /**
   * Writes a key set over the one read; when what it replaced is not what was read, another engine
   * wrote meanwhile: its keys are merged in and the set written again, until a write replaces this
   * engine's own.
   */
  private KeyRing write(JWSAlgorithm algorithm, Optional<Record> read, KeyRing wanted, long now) {
    String expected = read.flatMap(r -> r.string(Table.REVISION)).orElse(null);
    KeyRing ring = wanted;
    for (int attempt = 0; attempt < MAX_WRITES; attempt++) {
      Record record = record(algorithm, ring, now);
      Optional<Record> replaced =
          expected == null
              ? store.put(Table.SIGNING_KEYS, record)
              : store.replace(Table.SIGNING_KEYS, record);
      if (expected != null && replaced.isEmpty()) {
        expected = null; // removed by hand meanwhile: nothing was written, create it
        continue;
      }
      String previous = replaced.flatMap(r -> r.string(Table.REVISION)).orElse(null);
      if (Objects.equals(previous, expected)) {
        return ring;
      }
      ring = ring.merge(ring(replaced.orElseThrow()), now).pruned(now, retainMillis);
      expected = record.string(Table.REVISION).orElseThrow();
    }
    throw new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "could not write the "
            + algorithm
            + " signing keys: other engines kept writing them; check that every engine on this"
            + " store runs the same version");
  }

  private KeyRing ring(Record record) {
    KeyRing ring = KeyRing.parse(record.string(Table.KEY_ENTRIES).orElseThrow());
    if (!ring.keyEncryptionKeyId().equals(sealer.id())) {
      throw wrongKey(record.string(Table.KEY_SET).orElse("?"), ring.keyEncryptionKeyId());
    }
    return ring;
  }

  private Proauth2Exception wrongKey(String keySet, String storedId) {
    return new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "The "
            + keySet
            + " signing keys in the store were sealed under key-encryption key "
            + storedId
            + ", but this engine was given key "
            + sealer.id()
            + " (ids are a hash, not the key). Give it the key the store's keys were made with:"
            + " every engine on one store needs the same. To start over with new keys instead,"
            + " delete the '"
            + keySet
            + "' record of the signing_keys table; tokens signed with the old keys then fail"
            + " their checks.");
  }

  private KeyRing.Entry newEntry(JWSAlgorithm algorithm, long activatesAt) {
    JWK key = Algorithms.generate(algorithm);
    String publicJwk = key.toPublicJWK().toJSONString();
    String sealed = sealer.seal(key.getKeyID(), algorithm.getName(), key.toJSONString());
    return new KeyRing.Entry(key.getKeyID(), activatesAt, retainMillis, publicJwk, sealed);
  }

  private SigningKey open(JWSAlgorithm algorithm, KeyRing.Entry entry) {
    String json;
    try {
      json = sealer.open(entry.keyId(), algorithm.getName(), entry.sealed());
    } catch (KeySealer.WrongKeyException e) {
      throw new Proauth2Exception(
          Proauth2Exception.SERVER_ERROR,
          "the "
              + algorithm
              + " signing key "
              + entry.keyId()
              + " in the store does not open under this engine's key-encryption key: it was"
              + " altered, or sealed under another key with the same id");
    }
    try {
      JWK key = JWK.parse(json);
      return new SigningKey(entry.keyId(), algorithm, Algorithms.signer(key));
    } catch (ParseException e) {
      throw new IllegalStateException("a stored signing key is not a JWK", e);
    }
  }

  /** Rebuilds the published set from every key set: public keys only, deleted ones left out. */
  private void publish(long now) {
    List<JWK> keys = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Loaded set : loaded.values()) {
      for (KeyRing.Entry entry : set.ring().pruned(now, retainMillis).entries()) {
        keys.add(publicJwks.computeIfAbsent(entry.keyId(), id -> parsePublic(entry)));
        ids.add(entry.keyId());
      }
    }
    published = new JWKSet(keys);
    publicJwks.keySet().retainAll(ids);
    unsealed.keySet().retainAll(ids);
  }

  private static JWK parsePublic(KeyRing.Entry entry) {
    try {
      return JWK.parse(entry.publicJwk());
    } catch (ParseException e) {
      throw new IllegalStateException("a stored public key is not a JWK", e);
    }
  }

  private Record record(JWSAlgorithm algorithm, KeyRing ring, long now) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Table.KEY_SET, algorithm.getName());
    fields.put(Table.KEY_ENTRIES, ring.toJson());
    fields.put(Table.REVISION, SecretHashes.sha256(randomText()));
    fields.put(Table.UPDATED_AT, now);
    return Record.of(fields);
  }

  private long periodMillis() {
    return rotation.toMillis();
  }

  private static SecretKey keyEncryptionKey(SigningContext context) {
    if (context.keyEncryptionKey().isPresent()) {
      return context.keyEncryptionKey().get();
    }
    if (context.storeInProcess()) {
      return ProcessKey.KEY;
    }
    throw new Proauth2Exception(
        Proauth2Exception.SERVER_ERROR,
        "This engine signs tokens and its store keeps data outside this process, so the private"
            + " signing keys must be sealed under a key-encryption key you provide. Make one with"
            + " 'openssl rand -base64 32' and give it to every engine on this store: set the"
            + " environment variable "
            + KeyEncryptionKeys.ENVIRONMENT
            + ", add "
            + KeyEncryptionKeys.OPTION
            + "=... to the config string, or call Proauth2.Builder.keyEncryptionKey(...), for"
            + " instance with KeyEncryptionKeys.fromKeyStore(...).");
  }

  /**
   * The key-encryption key of stores in this process, made when first needed: one for the whole
   * JVM, so that engines sharing an in-process store, or started again on it, open its keys.
   */
  private static final class ProcessKey {
    static final SecretKey KEY = newKey();

    private static SecretKey newKey() {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      return new SecretKeySpec(key, "AES");
    }
  }

  private static String randomText() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
