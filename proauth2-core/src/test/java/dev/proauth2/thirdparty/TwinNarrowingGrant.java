package dev.proauth2.thirdparty;

/** A second plugin that claims {@link NarrowingGrant}'s grant type, for the clash. */
public final class TwinNarrowingGrant extends NarrowingGrant {}
