package dev.proauth2.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Authorization Server with its defaults, for the HTTP benchmark's peer row: one in-memory
 * registered client for {@code client_credentials}, opaque ("reference") access tokens, all from
 * application.properties.
 */
@SpringBootApplication
public class PeerApplication {

  public static void main(String[] args) {
    SpringApplication.run(PeerApplication.class, args);
  }
}
