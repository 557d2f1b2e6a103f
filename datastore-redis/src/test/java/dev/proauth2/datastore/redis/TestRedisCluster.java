package dev.proauth2.datastore.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * A three-master Redis Cluster, built the way an operator would: three {@code redis-server}
 * processes with cluster mode on, the 16384 slots split between them, the nodes introduced with
 * {@code CLUSTER MEET}, then a wait until every node reports {@code cluster_state:ok}.
 */
final class TestRedisCluster {

  private static final int SLOTS = 16384;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServerProcess> nodes;

  private TestRedisCluster(List<RedisServerProcess> nodes) {
    this.nodes = nodes;
  }

  static TestRedisCluster start() {
    List<RedisServerProcess> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(
          RedisServerProcess.launch(
              "--cluster-enabled", "yes",
              "--cluster-config-file", "nodes.conf",
              "--cluster-node-timeout", "5000"));
    }
    for (int i = 0; i < nodes.size(); i++) {
      int first = SLOTS * i / nodes.size();
      int last = SLOTS * (i + 1) / nodes.size() - 1;
      try (Jedis node = nodes.get(i).jedis()) {
        node.clusterAddSlots(IntStream.rangeClosed(first, last).toArray());
      }
    }
    try (Jedis first = nodes.get(0).jedis()) {
      for (RedisServerProcess other : nodes.subList(1, nodes.size())) {
        first.clusterMeet("127.0.0.1", other.port());
      }
    }
    awaitReady(nodes);
    return new TestRedisCluster(nodes);
  }

  private static void awaitReady(List<RedisServerProcess> nodes) {
    long end = System.nanoTime() + READY_TIMEOUT.toNanos();
    for (RedisServerProcess node : nodes) {
      try (Jedis jedis = node.jedis()) {
        while (true) {
          String info = jedis.clusterInfo();
          if (info.contains("cluster_state:ok")
              && info.contains("cluster_known_nodes:" + nodes.size())
              && info.contains("cluster_slots_ok:" + SLOTS)) {
            break;
          }
          if (System.nanoTime() > end) {
            throw new IllegalStateException("the test cluster did not form:\n" + info);
          }
          RedisServerProcess.sleep(50);
        }
      }
    }
  }

  /** The cluster config string naming every node as a seed, without options. */
  String uri() {
    return nodes.stream()
        .map(node -> "127.0.0.1:" + node.port())
        .collect(Collectors.joining(",", "redis-cluster://", ""));
  }
}
