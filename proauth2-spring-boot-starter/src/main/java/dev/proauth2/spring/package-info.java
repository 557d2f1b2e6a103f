/**
 * Spring Boot auto-configuration for proauth2: set {@code proauth2.datastore} and {@code
 * proauth2.issuer}, provide a {@link dev.proauth2.servlet.ConsentPage} bean, and the endpoints are
 * served. Start with {@link dev.proauth2.spring.Proauth2Properties} for the settings.
 */
package dev.proauth2.spring;
