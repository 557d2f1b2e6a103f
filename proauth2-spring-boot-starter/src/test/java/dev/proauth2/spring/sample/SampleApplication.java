package dev.proauth2.spring.sample;

import dev.proauth2.endpoint.Html;
import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.servlet.ConsentPrompt;
import dev.proauth2.spi.Proauth2Event;
import dev.proauth2.spi.Proauth2Listener;
import dev.proauth2.spring.Proauth2SecurityConfigurer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application configured only as the starter's README says: clients and the store in {@code
 * sample.yml}, the README's {@link ConsentPage} and Spring Security beans word for word (a test
 * checks they are the README's), an API behind {@code @PreAuthorize}, and a listener bean.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SampleApplication {

  /** Every event the engine told the application's listener bean. */
  static final List<Proauth2Event> EVENTS = new CopyOnWriteArrayList<>();

  // README: consent page
  @Bean
  ConsentPage consentPage() {
    return new ConsentPage() {
      @Override
      public Optional<String> userId(HttpServletRequest req) {
        return Optional.ofNullable(req.getRemoteUser()); // the user Spring Security signed in
      }

      @Override
      public void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // Not reached with Proauth2SecurityConfigurer: Spring Security signs the user in first.
        resp.sendRedirect("/login");
      }

      @Override
      public void render(ConsentPrompt prompt, HttpServletRequest req, HttpServletResponse resp)
          throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.getWriter()
            .write(
                "<form method=post action=\""
                    + Html.escape(prompt.action())
                    + "\">"
                    + prompt.hiddenInputs()
                    + Html.escape(prompt.clientName())
                    + " asks for "
                    + Html.escape(prompt.scope().orElse("nothing"))
                    + "<button name=consent value=approve>Allow</button>"
                    + "<button name=consent value=deny>Deny</button></form>");
      }
    };
  }

  // README: end

  // README: security
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/actuator/health/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(Customizer.withDefaults())
        // proauth2's endpoints first, even after anyRequest() above:
        .with(Proauth2SecurityConfigurer.authorizationServer(), Customizer.withDefaults());
    return http.build();
  }

  // README: end

  @Bean
  Proauth2Listener auditTrail() {
    return event -> EVENTS.add(event);
  }

  // README: api
  @RestController
  static class Orders {
    @GetMapping("/api/orders")
    @PreAuthorize("hasAuthority('SCOPE_orders.read')")
    Map<String, Object> orders(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal user) {
      return Map.of("user", user.getName(), "orders", List.of());
    }

    @GetMapping("/api/orders/export")
    @PreAuthorize("hasAuthority('SCOPE_orders.export')")
    Map<String, Object> export() {
      return Map.of("export", "all");
    }
  }
  // README: end
}
