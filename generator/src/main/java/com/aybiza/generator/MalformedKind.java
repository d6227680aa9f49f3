package com.aybiza.generator;

/** The kinds of bad input `--bad-ratio` mixes in, each a mistake a real producer makes. */
enum MalformedKind {
    /** Not Avro at all: a producer writing JSON, or garbage on the wire. */
    RANDOM_BYTES("random_bytes"),
    /** A valid message cut short. */
    TRUNCATED_AVRO("truncated_avro"),
    /** The header names a schema no consumer was given (an unreleased schema version). */
    UNKNOWN_SCHEMA_FINGERPRINT("unknown_schema_fingerprint"),
    /** Well-formed, but its tenant (and organization) exist nowhere in the reference data. */
    UNKNOWN_TENANT("unknown_tenant"),
    /** The right schema's header, but an enum index past the schema's symbols: a value outside the CHECK list. */
    ENUM_OUTSIDE_CHECK_LIST("enum_outside_check_list"),
    /** Well-formed, stamped 30 days ahead of the rest: a producer with its clock far off. */
    FAR_FUTURE("far_future");

    private final String label;

    MalformedKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
