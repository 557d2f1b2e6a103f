package dev.proauth2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} made with the JDK's {@code keytool}, and the two
 * TLS contexts a test needs: the server's, holding the key, and a client's that trusts it.
 */
final class TestCertificates {

  private static final char[] PASSWORD = "changeit".toCharArray();

  final SSLContext server;
  final SSLContext client;

  private TestCertificates(SSLContext server, SSLContext client) {
    this.server = server;
    this.client = client;
  }

  /** Makes a key pair and certificate whose only name is {@code dns:localhost}. */
  static TestCertificates localhost(Path dir) throws IOException, InterruptedException {
    Path store = dir.resolve("localhost.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "localhost",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (keytool.waitFor() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD);
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(keyManagers.getKeyManagers(), null, null);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keys);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, trust.getTrustManagers(), null);
      return new TestCertificates(server, client);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }
}
