package dev.proauth2.spi;

/**
 * How long one engine operation took, for a {@link Proauth2Listener} that records timers.
 *
 * @param operation {@code authenticate_token}, {@code token}, {@code introspect}, {@code revoke},
 *     {@code authorize} or {@code register}
 * @param grantType for {@code token}, the grant asked for ({@code authorization_code}, ...);
 *     otherwise {@code null}
 * @param outcome {@code success}, or the RFC error code it failed with (such as {@code
 *     invalid_grant}), or {@code server_error} for anything else
 * @param nanos how long it took, in nanoseconds
 */
public record OperationTiming(String operation, String grantType, String outcome, long nanos) {}
