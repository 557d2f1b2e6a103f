/**
 * Spring Boot auto-configuration for proauth2: the engine from {@code proauth2.*} properties, the
 * endpoints through {@code dev.proauth2.servlet}, and an Actuator health indicator.
 */
module dev.proauth2.spring {
  requires transitive dev.proauth2.core;
  requires transitive dev.proauth2.servlet;
  requires spring.beans;
  requires spring.context;
  requires spring.core;
  requires spring.boot;
  requires spring.boot.autoconfigure;
  requires static spring.boot.health;
  requires static java.sql;
  requires static dev.proauth2.datastore.jdbc;
  requires static dev.proauth2.micrometer;
  requires static dev.proauth2.jose;
  requires static dev.proauth2.oidc;
  requires static micrometer.core;
  requires static spring.security.core;
  requires static spring.security.config;
  requires static spring.security.web;
  requires static spring.security.oauth2.core;
  requires static spring.security.oauth2.resource.server;
  requires static spring.security.oauth2.jose;
  requires static com.nimbusds.jose.jwt;
  requires static jakarta.servlet;

  exports dev.proauth2.spring;

  opens dev.proauth2.spring to
      spring.core,
      spring.beans,
      spring.context;
}
