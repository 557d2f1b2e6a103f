package dev.proauth2;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads every plugin of one kind with {@link ServiceLoader}. A plugin that fails to load is kept as
 * an error and does not stop the others, so a later "not found" can say why.
 *
 * @param <T> the service interface
 */
final class Plugins<T> {

  final List<T> loaded = new ArrayList<>();
  final List<ServiceConfigurationError> broken = new ArrayList<>();

  private Plugins() {}

  static <T> Plugins<T> load(Class<T> service) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = service.getClassLoader();
    }
    Plugins<T> plugins = new Plugins<>();
    Iterator<T> iterator = ServiceLoader.load(service, loader).iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        plugins.loaded.add(iterator.next());
      } catch (ServiceConfigurationError e) {
        plugins.broken.add(e);
      }
    }
    return plugins;
  }

  /** Where a plugin's class was loaded from: its jar or directory, for error messages. */
  static String origin(Object plugin) {
    CodeSource source = plugin.getClass().getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    return plugin.getClass().getName() + " (" + (location == null ? "unknown jar" : location) + ")";
  }

  /** Attaches every load failure to an exception, so the user sees what broke. */
  <X extends Throwable> X withBroken(X exception) {
    broken.forEach(exception::addSuppressed);
    return exception;
  }

  /** A sentence about plugins that failed to load, or an empty string. */
  String brokenSummary() {
    if (broken.isEmpty()) {
      return "";
    }
    return " " + broken.size() + " plugin(s) failed to load; see the suppressed exceptions.";
  }
}
