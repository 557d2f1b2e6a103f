package dev.proauth2;

import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The installed {@link ClientAuthMethod}s by name: {@code none}, built in, every plugin found with
 * {@link java.util.ServiceLoader} (such as {@code client_secret_basic} from {@code
 * dev.proauth2:authmethod-basic}), and any the host gave the builder.
 */
final class ClientAuthMethods {

  private final Map<String, ClientAuthMethod> byName;
  private final Plugins<ClientAuthMethod> plugins;

  private ClientAuthMethods(
      Map<String, ClientAuthMethod> byName, Plugins<ClientAuthMethod> plugins) {
    this.byName = Collections.unmodifiableMap(byName);
    this.plugins = plugins;
  }

  /**
   * Loads the installed methods and adds those the host gave the builder.
   *
   * @param given the methods given to {@link Proauth2.Builder#clientAuthMethod}, distinct by name
   * @throws Proauth2Exception {@code server_error} when two plugins claim one name
   * @throws IllegalArgumentException when a given method has the name of a built-in one, or of a
   *     discovered one of another class (one of the same class replaces it: the host configured
   *     that plugin)
   */
  static ClientAuthMethods load(Collection<ClientAuthMethod> given) {
    Plugins<ClientAuthMethod> plugins = Plugins.load(ClientAuthMethod.class);
    Map<String, ClientAuthMethod> byName = new TreeMap<>();
    byName.put(NoneAuthMethod.NAME, new NoneAuthMethod());
    for (ClientAuthMethod method : plugins.loaded) {
      ClientAuthMethod previous = byName.putIfAbsent(method.name(), method);
      if (previous != null) {
        throw plugins.withBroken(
            new Proauth2Exception(
                Proauth2Exception.SERVER_ERROR,
                "Two client authentication methods claim the name '"
                    + method.name()
                    + "': "
                    + Plugins.origin(previous)
                    + " and "
                    + Plugins.origin(method)
                    + ". Remove one of them from the class path."));
      }
    }
    for (ClientAuthMethod method : given) {
      ClientAuthMethod previous = byName.putIfAbsent(method.name(), method);
      if (previous != null
          && previous.getClass() == method.getClass()
          && !(previous instanceof NoneAuthMethod)) {
        // The host configured a plugin found on the class path, such as private_key_jwt with its
        // own settings: its instance replaces the one ServiceLoader made.
        byName.put(method.name(), method);
      } else if (previous != null) {
        throw new IllegalArgumentException(
            "the client authentication method '"
                + method.name()
                + "' given to the builder, "
                + Plugins.origin(method)
                + ", has the name of one already installed, "
                + (previous instanceof NoneAuthMethod ? "built in: " : "found on the class path: ")
                + Plugins.origin(previous)
                + ". Give it another name, or remove the other from the class path.");
      }
    }
    return new ClientAuthMethods(byName, plugins);
  }

  /** The method with this name, if installed. */
  Optional<ClientAuthMethod> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The method with this name.
   *
   * @throws Proauth2Exception {@code server_error} naming the installed methods and the artifact to
   *     add when it is not installed
   */
  ClientAuthMethod get(String name) {
    ClientAuthMethod method = byName.get(name);
    if (method == null) {
      throw plugins.withBroken(
          new Proauth2Exception(
              Proauth2Exception.SERVER_ERROR,
              "No client authentication method '"
                  + name
                  + "' is installed. Installed: "
                  + byName.keySet()
                  + "."
                  + advice(name)
                  + plugins.brokenSummary()));
    }
    return method;
  }

  /** The JWS algorithms the installed methods accept on client assertions, sorted, once each. */
  List<String> signingAlgorithms() {
    TreeSet<String> algorithms = new TreeSet<>();
    byName.values().forEach(method -> algorithms.addAll(method.signingAlgorithms()));
    return List.copyOf(algorithms);
  }

  /** The names of the installed methods, sorted. */
  List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * Extracts the client's credentials from a request: exactly one method may find any (RFC 6749
   * section 2.3).
   *
   * @return the credentials, or empty when the request carries none
   * @throws Proauth2Exception {@code invalid_request} when it uses more than one method
   */
  Optional<ClientCredentials> extract(ClientAuthRequest request) {
    List<ClientCredentials> found = new ArrayList<>(1);
    for (ClientAuthMethod method : byName.values()) {
      method.extract(request).ifPresent(found::add);
    }
    if (found.size() > 1) {
      List<String> methods = new ArrayList<>();
      found.forEach(credentials -> methods.add(credentials.method()));
      throw new Proauth2Exception(
          Proauth2Exception.INVALID_REQUEST,
          "the request uses more than one client authentication method "
              + methods
              + "; use exactly one");
    }
    return found.stream().findFirst();
  }

  static String advice(String name) {
    if (name.equals("client_secret_basic") || name.equals("client_secret_post")) {
      return " Add the artifact dev.proauth2:authmethod-basic to the class path.";
    }
    if (name.equals("private_key_jwt")) {
      return " Add the artifact dev.proauth2:authmethod-jwt to the class path.";
    }
    return " Add the jar of a plugin that provides it.";
  }
}
