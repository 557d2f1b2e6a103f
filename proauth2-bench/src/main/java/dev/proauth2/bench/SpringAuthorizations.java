package dev.proauth2.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The peer of {@link JdbcLookupBench}: Spring Authorization Server's {@link
 * JdbcOAuth2AuthorizationService} on the same PostgreSQL, on the schema its jar ships ({@code
 * oauth2-authorization-schema.sql}) with the changes its header asks of PostgreSQL ({@code blob} to
 * {@code text}, {@code timestamp} to {@code timestamptz}) and nothing more: no index besides the
 * primary key on {@code id}, as shipped.
 */
final class SpringAuthorizations {

  private static final String SCHEMA =
      "/org/springframework/security/oauth2/server/authorization/oauth2-authorization-schema.sql";

  /** A prefix as long as a real token, so values compare as real ones would. */
  private static final String TOKEN_PREFIX = "aSpringAuthorizationServerToken0";

  final OAuth2AuthorizationService service;

  /** Creates the table and {@code count} authorizations, each with a live access token. */
  SpringAuthorizations(DataSource dataSource, int count) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute(postgresSchema());
    RegisteredClient client =
        RegisteredClient.withId("bench-client")
            .clientId("bench-client")
            .clientSecret("{noop}secret")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("https://app.example/cb")
            .scope("read")
            .build();
    service =
        new JdbcOAuth2AuthorizationService(jdbc, new InMemoryRegisteredClientRepository(client));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    service.save(
        OAuth2Authorization.withRegisteredClient(client)
            .id("authorization-0")
            .principalName("user-0@example.com")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizedScopes(Set.of("read"))
            .accessToken(
                new OAuth2AccessToken(
                    OAuth2AccessToken.TokenType.BEARER,
                    token(0),
                    now,
                    now.plus(1, ChronoUnit.HOURS),
                    Set.of("read")))
            .build());
    // The other rows are copies of the one the service wrote, each with its own id and token.
    jdbc.update(
        "INSERT INTO oauth2_authorization (id, registered_client_id, principal_name,"
            + " authorization_grant_type, authorized_scopes, attributes, access_token_value,"
            + " access_token_issued_at, access_token_expires_at, access_token_metadata,"
            + " access_token_type, access_token_scopes)"
            + " SELECT 'authorization-' || g, registered_client_id, 'user-' || (g % 100) ||"
            + " '@example.com', authorization_grant_type, authorized_scopes, attributes, ? || g,"
            + " access_token_issued_at, access_token_expires_at, access_token_metadata,"
            + " access_token_type, access_token_scopes"
            + " FROM oauth2_authorization, generate_series(1, ?) AS g"
            + " WHERE id = 'authorization-0'",
        TOKEN_PREFIX, count - 1);
    jdbc.execute("ANALYZE oauth2_authorization");
  }

  /** The access token of authorization {@code i}. */
  static String token(int i) {
    return TOKEN_PREFIX + i;
  }

  private static String postgresSchema() {
    try (InputStream in = OAuth2AuthorizationService.class.getResourceAsStream(SCHEMA)) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return sql.substring(sql.indexOf("*/") + 2)
          .replace(" blob ", " text ")
          .replace(" timestamp ", " timestamptz ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
