package dev.corosyncexporter.http;

/** --web.* flags. */
public record WebOptions(String host, int port, String telemetryPath) {}
