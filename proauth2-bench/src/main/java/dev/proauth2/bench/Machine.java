package dev.proauth2.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the results were measured on. */
final class Machine {

  private Machine() {}

  static Map<String, Object> describe(String redisVersion) {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("cpuModel", cpuModel());
    machine.put(
        "memoryGiB",
        Math.round(
            ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize()
                / (1024.0 * 1024 * 1024)));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("loadAverageAtStart", loadAverage());
    machine.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + ")");
    machine.put(
        "redis",
        "redis-server "
            + redisVersion
            + " from embedded-redis "
            + version("embedded-redis")
            + ", loopback, no persistence");
    machine.put("lettuce", version("lettuce"));
    machine.put("mongodbDriver", version("mongodb-driver"));
    machine.put("jmh", version("jmh"));
    machine.put(
        "mongodb",
        "mongo-java-server "
            + version("mongo-java-server")
            + " memory backend: an EMULATOR of the wire protocol, not MongoDB; loopback, in the"
            + " runner's JVM");
    return machine;
  }

  /** A library's version, as Maven wrote it into {@code proauth2-bench.properties}. */
  static String version(String library) {
    try (var in = Machine.class.getResourceAsStream("/proauth2-bench.properties")) {
      if (in != null) {
        java.util.Properties properties = new java.util.Properties();
        properties.load(in);
        return properties.getProperty(library, "?");
      }
    } catch (IOException e) {
      // unknown
    }
    return "?";
  }

  /** The host's load average, which shows other tenants of a shared machine. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
