/**
 * Micrometer metrics for proauth2: drop the jar on the class path and every engine records its
 * events and operation times on Micrometer's global registry, or bind a {@link
 * dev.proauth2.micrometer.MicrometerListener} to a registry of your own, as any Micrometer {@code
 * MeterBinder}.
 */
package dev.proauth2.micrometer;
