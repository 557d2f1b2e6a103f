/**
 * Rules that both the engine ({@code dev.proauth2}) and the endpoint helpers ({@code
 * dev.proauth2.endpoint}) apply, kept once. Not exported by the module: nothing here is API, and it
 * may change in any release.
 */
package dev.proauth2.internal;
