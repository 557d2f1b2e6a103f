/** The plugin SPI: what a DataStore or ClientAuthMethod plugin implements. JDK only. */
module dev.proauth2.api {
  exports dev.proauth2.spi;
}
