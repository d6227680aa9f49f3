package com.aybiza.jobs.ingest;

/**
 * Names the error class of a dead letter whose event decoded but breaks a rule of its contract; never thrown, since a
 * rule violation is an expected outcome, not a failure of the job.
 */
public final class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private InvalidEventException() {
    }
}
