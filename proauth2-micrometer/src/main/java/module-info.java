/** Micrometer meters for the proauth2 engine, from a listener found with ServiceLoader. */
module dev.proauth2.micrometer {
  requires dev.proauth2.api;
  requires micrometer.core;
  requires static com.google.auto.service;

  exports dev.proauth2.micrometer;

  provides dev.proauth2.spi.Proauth2Listener with
      dev.proauth2.micrometer.MicrometerListener;
}
