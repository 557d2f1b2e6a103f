/**
 * OAuth 2.0 Token Exchange (RFC 8693) on the extension-grant SPI; start at {@link
 * dev.proauth2.grant.exchange.TokenExchangeGrant}.
 */
package dev.proauth2.grant.exchange;
