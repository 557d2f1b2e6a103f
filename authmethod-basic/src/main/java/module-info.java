/**
 * Client authentication with a shared secret: {@code client_secret_basic}, {@code
 * client_secret_post}.
 */
module dev.proauth2.authmethod.basic {
  requires dev.proauth2.api;
  requires static com.google.auto.service;

  provides dev.proauth2.spi.ClientAuthMethod with
      dev.proauth2.authmethod.basic.ClientSecretBasic,
      dev.proauth2.authmethod.basic.ClientSecretPost;
}
