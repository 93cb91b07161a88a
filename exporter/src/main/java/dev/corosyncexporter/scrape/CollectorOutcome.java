package dev.corosyncexporter.scrape;

import java.time.Duration;

/** How one collector fared in one scrape; {@code error} is empty on success. */
public record CollectorOutcome(
    String collector, boolean success, Duration duration, String error) {}
