package com.aybiza.jobs.ingest;

/**
 * Names the error class of a dead letter whose (tenant_id, event_id) was already seen with other bytes: not a retry
 * but two different facts under one idempotency key, which only the producer can sort out. Never thrown.
 */
public final class ConflictingEventIdException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ConflictingEventIdException() {
    }
}
