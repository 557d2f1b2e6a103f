package dev.proauth2.spring.resourceserver;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A separate API protected by Spring Security's own resource server, configured only by properties
 * ({@code spring.security.oauth2.resourceserver.opaquetoken.*}) to introspect tokens at the
 * proauth2 application: nothing of proauth2 runs in it.
 */
@SpringBootApplication
public class ResourceServerApplication {

  /** The API: who the token was issued for, as Spring Security read it from the introspection. */
  @RestController
  static class Api {
    @GetMapping("/api/hello")
    Map<String, Object> hello(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal principal) {
      return Map.of(
          "user", principal.getName(),
          "authorities", principal.getAuthorities().toString());
    }
  }
}
