package dev.proauth2.spring.authserver;

import dev.proauth2.endpoint.Html;
import dev.proauth2.servlet.ConsentPage;
import dev.proauth2.servlet.ConsentPrompt;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that uses the starter as a user would: the properties in the test, one {@link
 * ConsentPage} bean, a login of its own, and Spring Security told to leave proauth2's endpoints to
 * proauth2 (they authenticate clients themselves, and the consent form carries its own guard).
 */
@SpringBootApplication
public class AuthServerApplication {

  /** The one user of the application; {@code /login} signs the browser in as this user. */
  public static final String USER = "alice";

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
                "<form method=\"post\" action=\""
                    + Html.escape(prompt.action())
                    + "\">"
                    + prompt.hiddenInputs()
                    + Html.escape(prompt.clientName())
                    + "<button name=\"consent\" value=\"approve\">Allow</button></form>");
      }
    };
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    String[] proauth2 = {"/authorize", "/token", "/introspect", "/revoke", "/register"};
    http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(csrf -> csrf.ignoringRequestMatchers(proauth2));
    return http.build();
  }

  /** Signs the browser in. */
  @RestController
  static class Login {
    @GetMapping("/login")
    ResponseEntity<Void> login(HttpSession session) {
      session.setAttribute("user", USER);
      return ResponseEntity.noContent().build();
    }
  }
}
