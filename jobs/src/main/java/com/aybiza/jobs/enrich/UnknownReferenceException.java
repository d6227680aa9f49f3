package com.aybiza.jobs.enrich;

/**
 * Names the error class of a dead letter whose event points at a tenant, organization, agent, agent version or
 * phone number that the platform does not have, or at one that belongs to someone else. Never thrown.
 */
public final class UnknownReferenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private UnknownReferenceException() {
    }
}
