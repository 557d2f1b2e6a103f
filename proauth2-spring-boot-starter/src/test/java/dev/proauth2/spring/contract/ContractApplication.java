package dev.proauth2.spring.contract;

import dev.proauth2.TokenSubject;
import dev.proauth2.endpoint.RegistrationPolicy;
import dev.proauth2.servlet.BearerTokenFilter;
import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.servlet.ConsentPrompt;
import dev.proauth2.testkit.AdapterContract;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host the adapter contract asks for, as a Spring Boot application on the starter: the engine
 * is the contract's (a {@code Proauth2} bean the test registers), and the application adds what a
 * host adds: the open registration policy, a login, a consent page, and {@code /me} behind the
 * starter's bearer-token filter ({@code proauth2.resource-server.url-patterns=/me}).
 */
@SpringBootApplication
public class ContractApplication {

  @Bean
  RegistrationPolicy registrationPolicy() {
    return AdapterContract.REGISTRATION_POLICY;
  }

  /** The host's consent page: the user from the session, a plain form. */
  @Bean
  ConsentPage consentPage() {
    return new ConsentPage() {
      @Override
      public Optional<String> userId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null
            ? Optional.empty()
            : Optional.ofNullable((String) session.getAttribute("user"));
      }

      @Override
      public void login(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.sendRedirect("/login");
      }

      @Override
      public void render(
          ConsentPrompt prompt, HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response
            .getWriter()
            .write(
                AdapterContract.consentPage(
                    prompt.action(), prompt.hiddenInputs(), prompt.clientName(), prompt.userId()));
      }
    };
  }

  /** Spring Security leaves proauth2's endpoints to proauth2, which guards its own consent form. */
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    String[] proauth2 = {
      "/authorize",
      "/token",
      "/introspect",
      "/revoke",
      "/register",
      "/device_authorization",
      "/device",
      "/.well-known/oauth-authorization-server",
      "/me"
    };
    http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(csrf -> csrf.ignoringRequestMatchers(proauth2));
    return http.build();
  }

  /** Signs the browser in, and answers the subject of the token the starter's filter accepted. */
  @RestController
  static class Host {
    @GetMapping("/login")
    ResponseEntity<Void> login(HttpSession session) {
      session.setAttribute("user", AdapterContract.USER);
      return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    Map<String, Object> me(HttpServletRequest request) {
      TokenSubject subject = BearerTokenFilter.subject(request).orElseThrow();
      Map<String, Object> body = new LinkedHashMap<>();
      subject.user().ifPresent(user -> body.put("sub", user));
      body.put("client_id", subject.clientId());
      return body;
    }
  }
}
