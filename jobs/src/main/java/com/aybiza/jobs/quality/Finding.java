package com.aybiza.jobs.quality;

/**
 * One thing the quality model noticed about a call, in words a tenant understands: an issue (with its severity), a
 * highlight, or a recommendation (severity null). {@code code} is stable, for filters and dashboards; the message is
 * for people.
 */
public record Finding(String code, String severity, String message) {
}
