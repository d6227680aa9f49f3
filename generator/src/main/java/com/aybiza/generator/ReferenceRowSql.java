package com.aybiza.generator;

/**
 * The one place the project writes reference rows (organizations, tenants, roles, users, agents and their versions,
 * phone numbers, API keys): the generator's reference data and the tests' fixtures insert through these statements,
 * with just the columns the tables require, so a schema change is made here once. Enrichment reads the same tables
 * (its SELECTs are in the jobs' {@code ReferenceData}); the parameters of each statement are listed in order.
 */
public final class ReferenceRowSql {

    /** id, account_id, name, slug. */
    public static final String ORGANIZATION =
            "INSERT INTO agent_manager.organizations (id, account_id, name, slug) VALUES (?, ?, ?, ?)";

    /** id, organization_id, name, slug, subdomain, plan_tier. */
    public static final String TENANT = "INSERT INTO agent_manager.tenants (id, organization_id, name, slug, "
            + "subdomain, plan_tier) VALUES (?, ?, ?, ?, ?, ?)";

    /** id, organization_id, name. */
    public static final String ROLE = "INSERT INTO agent_manager.roles (id, organization_id, name) VALUES (?, ?, ?)";

    /** id, user_id, email, full_name, organization_id, tenant_id, role_id (no real password: nobody signs in). */
    public static final String USER = "INSERT INTO agent_manager.users (id, user_id, email, encrypted_password, "
            + "full_name, organization_id, tenant_id, role_id) VALUES (?, ?, ?, 'not-a-real-password-hash', ?, ?, ?, ?)";

    /** id, name, organization_id, tenant_id, created_by_id. */
    public static final String AGENT = "INSERT INTO agent_manager.agents (id, name, organization_id, tenant_id, "
            + "created_by_id, system_prompt, status) VALUES (?, ?, ?, ?, ?, 'You are a helpful voice agent.', 'active')";

    /** id, agent_id, voice model, LLM model, created_by_id: version 1, published. */
    public static final String AGENT_VERSION = "INSERT INTO agent_manager.agent_versions (id, agent_id, version, "
            + "system_prompt, voice_config, language_config, model_config, status, created_by_id, is_published) "
            + "VALUES (?, ?, 1, 'You are a helpful voice agent.', jsonb_build_object('model', ?::text), "
            + "'{\"primary\": \"en-US\"}', jsonb_build_object('default', ?::text), 'published', ?, true)";

    /** id, number (E.164), formatted_number, local_number, organization_id, tenant_id, agent_id, region, created_by_id. */
    public static final String PHONE_NUMBER = "INSERT INTO phone_manager.phone_numbers (id, number, formatted_number, "
            + "country_code, local_number, acquisition_method, provider, organization_id, tenant_id, agent_id, region, "
            + "created_by_id, status) VALUES (?, ?, ?, '1', ?, 'managed', 'aybiza', ?, ?, ?, ?, ?, 'active')";

    /** id, key_hash, name, organization_id, created_by_id. */
    public static final String API_KEY = "INSERT INTO security.api_keys (id, key_hash, name, organization_id, "
            + "created_by_id) VALUES (?, ?, ?, ?, ?)";

    private ReferenceRowSql() {
    }
}
