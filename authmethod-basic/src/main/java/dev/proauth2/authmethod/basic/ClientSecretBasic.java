package dev.proauth2.authmethod.basic;

import com.google.auto.service.AutoService;
import dev.proauth2.spi.ClientAuthContext;
import dev.proauth2.spi.ClientAuthMethod;
import dev.proauth2.spi.ClientAuthRequest;
import dev.proauth2.spi.ClientCredentials;
import dev.proauth2.spi.Proauth2Exception;
import dev.proauth2.spi.Record;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code client_secret_basic}: the client id and secret in an HTTP Basic {@code Authorization}
 * header, each form-encoded before they are joined with a colon (RFC 6749 section 2.3.1).
 */
@AutoService(ClientAuthMethod.class)
public final class ClientSecretBasic implements ClientAuthMethod {

  /** The registered name. */
  public static final String NAME = "client_secret_basic";

  private static final int MAX_HEADER = 4 * ClientCredentials.MAX_LENGTH;

  /** Creates the method; it holds no state. */
  public ClientSecretBasic() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<ClientCredentials> extract(ClientAuthRequest request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
      return Optional.empty();
    }
    if (value.length() > MAX_HEADER) {
      throw invalid("the Basic Authorization header is too long");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(value.substring(space + 1).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("the Basic Authorization header is not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw invalid("the Basic Authorization header must hold client_id:client_secret");
    }
    return Optional.of(
        new ClientCredentials(
            NAME,
            formDecode(decoded.substring(0, colon)),
            formDecode(decoded.substring(colon + 1))));
  }

  @Override
  public boolean verify(
      ClientCredentials presented, Record application, ClientAuthContext context) {
    return SecretCheck.verify(presented, application);
  }

  /** Undoes the application/x-www-form-urlencoded encoding of RFC 6749 appendix B. */
  private static String formDecode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("the client_id or client_secret in the Basic header is badly form-encoded");
    }
  }

  private static Proauth2Exception invalid(String description) {
    return new Proauth2Exception(Proauth2Exception.INVALID_CLIENT, description);
  }
}
