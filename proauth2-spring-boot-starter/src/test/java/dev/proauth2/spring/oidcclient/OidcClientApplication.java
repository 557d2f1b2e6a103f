package dev.proauth2.spring.oidcclient;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A separate application that signs its users in with Spring Security's {@code oauth2Login},
 * configured only by properties ({@code spring.security.oauth2.client.*}, the provider found by its
 * {@code issuer-uri}): nothing of proauth2 runs in it.
 */
@SpringBootApplication
public class OidcClientApplication {

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .oauth2Login(Customizer.withDefaults());
    return http.build();
  }

  /** Who signed in, as Spring Security read it from the ID token and UserInfo. */
  @RestController
  static class Me {
    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal OidcUser user) {
      return Map.of(
          "sub", user.getSubject(),
          "name", String.valueOf(user.getFullName()),
          "issuer", user.getIssuer().toString(),
          "nonce", String.valueOf(user.getIdToken().getNonce() != null));
    }
  }
}
