package dev.corosyncexporter.corosync;

/**
 * The quorum service's answer.
 *
 * @param quorate {@code quorum_getquorate}: the {@code Quorate:} line of corosync-quorumtool
 * @param providerConfigured whether {@code quorum.provider} named a provider when corosync started
 *     ({@code quorum_initialize}'s type is not {@code QUORUM_FREE}); without one votequorum does
 *     not run and corosync is always quorate
 */
public record QuorumAnswer(boolean quorate, boolean providerConfigured) {}
