package dev.proauth2.spring.jwtresourceserver;

import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Security resource server in JWT mode, as the README shows one for proauth2's JWT access
 * tokens: it verifies them alone against the {@code jwks_uri}, as RFC 9068 says (type {@code
 * at+jwt}, issuer, audience), with Spring Security's own validators.
 */
@SpringBootApplication
public class JwtResourceServerApplication {

  /**
   * The type is checked by Spring's {@code JwtTypeValidator} ({@code at+jwt}, RFC 9068), so
   * Nimbus's own check (which wants {@code JWT}) is turned off; then the issuer, this API as
   * audience, and Spring's default expiry checks.
   */
  @Bean
  JwtDecoder jwtDecoder(
      @Value("${orders.jwks-uri}") String jwksUri,
      @Value("${orders.issuer}") String issuer,
      @Value("${orders.audience}") String audience) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSetUri(jwksUri)
            .jwsAlgorithm(SignatureAlgorithm.ES256)
            .validateType(false)
            .build();
    decoder.setJwtValidator(
        JwtValidators.createDefaultWithValidators(
            new JwtTypeValidator("at+jwt"),
            new JwtIssuerValidator(issuer),
            new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
    return decoder;
  }

  /** The API: who the token speaks for, as Spring Security read it. */
  @RestController
  static class Api {
    @GetMapping("/api/orders")
    Map<String, Object> orders(@AuthenticationPrincipal Jwt jwt) {
      return Map.of("sub", jwt.getSubject(), "client_id", jwt.getClaimAsString("client_id"));
    }
  }
}
