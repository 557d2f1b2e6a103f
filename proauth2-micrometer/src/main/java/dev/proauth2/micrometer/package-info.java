/**
 * Micrometer metrics for proauth2: drop the jar on the class path and every engine records its
 * events and operation times on Micrometer's global registry, or install a {@link
 * dev.proauth2.micrometer.MicrometerListener} on a registry of your own.
 */
package dev.proauth2.micrometer;
