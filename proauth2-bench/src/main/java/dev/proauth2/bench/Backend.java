package dev.proauth2.bench;

import dev.proauth2.ClientRegistration;
import dev.proauth2.DataStores;
import dev.proauth2.spi.DataStore;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** The three shipped stores, as the benchmarks open them, with their floors. */
enum Backend {
  MEMORY {
    @Override
    Namespace open() {
      return new Namespace(DataStores.open("memory:"), "memory");
    }

    @Override
    Floor floor(Namespace namespace, ClientRegistration client) {
      return new MemoryFloor(client);
    }
  },

  REDIS {
    @Override
    Namespace open() {
      String prefix = "flow" + NAMESPACES.incrementAndGet() + "-" + ProcessHandle.current().pid();
      return new Namespace(BenchRedis.openStore(prefix), prefix);
    }

    @Override
    Floor floor(Namespace namespace, ClientRegistration client) {
      return new RedisFloor(namespace.store(), namespace.name(), client);
    }
  },

  MONGODB {
    @Override
    Namespace open() {
      String database = BenchMongo.newDatabase();
      return new Namespace(BenchMongo.openStore(database), database);
    }

    @Override
    Floor floor(Namespace namespace, ClientRegistration client) {
      return new MongoFloor(namespace.name(), client);
    }
  };

  private static final AtomicLong NAMESPACES = new AtomicLong();

  /** A store on a fresh, empty namespace (a key prefix, a database), and that namespace's name. */
  record Namespace(DataStore store, String name) {}

  /** Opens a store on a fresh, empty namespace. */
  abstract Namespace open();

  /** The floor of this backend, beside a store the engine uses, for a client it registered. */
  abstract Floor floor(Namespace namespace, ClientRegistration client);

  /** Every backend's {@code @Param} name. */
  static String[] names() {
    return java.util.Arrays.stream(values())
        .map(backend -> backend.name().toLowerCase(Locale.ROOT))
        .toArray(String[]::new);
  }

  /** The backend a {@code @Param} names: {@code memory}, {@code redis} or {@code mongodb}. */
  static Backend named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
