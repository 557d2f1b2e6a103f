/**
 * Contract tests for proauth2 plugins. A DataStore plugin extends {@link
 * dev.proauth2.testkit.DataStoreContract} and {@link dev.proauth2.testkit.Proauth2Contract}, and a
 * client authentication plugin extends {@link dev.proauth2.testkit.ClientAuthMethodContract}; each
 * has one or two hooks to implement.
 */
package dev.proauth2.testkit;
