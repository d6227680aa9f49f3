package com.aybiza.service.catalog;

/** Whose rows a table holds: decides which row-level security policy (V42) guards it. */
public enum Ownership {
    /** a tenant_id column: one tenant's rows */
    TENANT,
    /** the tenants table itself: a key sees its own tenant (or its organization's tenants) */
    TENANT_ITSELF,
    /** an organization_id and no tenant_id column */
    ORGANIZATION,
    /** the organizations table itself: a key sees its own organization */
    ORGANIZATION_ITSELF,
    /** no owner column of its own: visible when its parent row is (agent_versions through agents) */
    CHILD,
    /** platform-wide reference data: every key reads it, only a platform administrator changes it */
    PLATFORM
}
