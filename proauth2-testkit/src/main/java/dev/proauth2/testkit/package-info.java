/**
 * Contract tests for proauth2 plugins, run with JUnit 5.
 *
 * <p>A DataStore plugin extends two classes, {@link dev.proauth2.testkit.DataStoreContract} (the
 * rules a store keeps) and {@link dev.proauth2.testkit.Proauth2Contract} (the engine's flows, races
 * and failures on that store), implements {@code newStore()} in each to return a fresh, empty
 * store, and runs them; {@code dev.proauth2:authmethod-basic} must be on the test class path. A
 * client authentication plugin extends {@link dev.proauth2.testkit.ClientAuthMethodContract}, or
 * {@link dev.proauth2.testkit.ClientSecretMethodContract} when it uses a client secret. {@link
 * dev.proauth2.testkit.EngineOperations} runs every engine operation once, for a store module that
 * counts its round trips. An extension grant plugin extends {@link
 * dev.proauth2.testkit.ExtensionGrantContract}.
 *
 * <p>An HTTP adapter (a framework's way of serving the engine's endpoints) extends {@link
 * dev.proauth2.testkit.AdapterContract}, implements {@code start(engine)} to serve the contract's
 * engine on a free loopback port, and runs it; its own tests may send with {@link
 * dev.proauth2.testkit.Browser}. A test that plays a DPoP client makes its proofs with {@link
 * dev.proauth2.testkit.DPoPProofs}.
 */
package dev.proauth2.testkit;
