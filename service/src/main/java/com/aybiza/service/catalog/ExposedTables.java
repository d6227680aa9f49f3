package com.aybiza.service.catalog;

import static com.aybiza.service.catalog.Ownership.CHILD;
import static com.aybiza.service.catalog.Ownership.ORGANIZATION;
import static com.aybiza.service.catalog.Ownership.ORGANIZATION_ITSELF;
import static com.aybiza.service.catalog.Ownership.PLATFORM;
import static com.aybiza.service.catalog.Ownership.TENANT;
import static com.aybiza.service.catalog.Ownership.TENANT_ITSELF;

import java.util.List;

/**
 * The allow-list: every table the service exposes. Tables the jobs write (calls, call_analytics, the time-series
 * tables, audit and access logs), the DynamoDB- and vector-primary tables and the session tables stay out.
 * V42__service_row_level_security.sql puts each of these under row-level security; ExposedTablesIT checks that it did.
 */
public final class ExposedTables {

    private ExposedTables() {
    }

    public static final List<ExposedTable> ALL = List.of(
            ExposedTable.of("agent_manager", "organizations", ORGANIZATION_ITSELF)
                    .generating("account_id", IdentifierFormat.ACCOUNT),
            ExposedTable.of("agent_manager", "tenants", TENANT_ITSELF),
            ExposedTable.of("agent_manager", "roles", ORGANIZATION),
            ExposedTable.of("agent_manager", "users", TENANT)
                    .generating("user_id", IdentifierFormat.USER)
                    .encrypting("mfa_secret", "recovery_codes")
                    .hashingPasswords("encrypted_password")
                    .serverManaging("last_login", "login_attempts", "locked_until", "password_changed_at"),
            ExposedTable.of("agent_manager", "agents", TENANT),
            ExposedTable.of("agent_manager", "agent_versions", CHILD),
            ExposedTable.of("agent_manager", "conversation_nodes", CHILD),
            ExposedTable.of("phone_manager", "phone_numbers", TENANT),
            ExposedTable.of("phone_manager", "phone_number_reservations", TENANT),
            ExposedTable.of("phone_manager", "porting_requests", TENANT).encrypting("pin_password"),
            ExposedTable.of("phone_manager", "sip_trunks", TENANT).encrypting("credentials"),
            ExposedTable.of("agent_intelligence", "agent_configurations", TENANT),
            ExposedTable.of("agent_intelligence", "mcp_connectors", TENANT).encrypting("configuration"),
            ExposedTable.of("agent_intelligence", "agent_files", TENANT),
            ExposedTable.of("automation_engine", "workflows", TENANT),
            ExposedTable.of("automation_engine", "workflow_versions", CHILD),
            ExposedTable.of("automation_engine", "workflow_nodes", CHILD),
            ExposedTable.of("automation_engine", "workflow_connections", CHILD),
            ExposedTable.of("automation_engine", "tools", TENANT).encrypting("auth_config"),
            ExposedTable.of("automation_engine", "tool_versions", CHILD).encrypting("auth_config"),
            ExposedTable.of("compliance", "consent_records", TENANT),
            ExposedTable.of("compliance", "kyc_verifications", ORGANIZATION).encrypting("verification_data"),
            ExposedTable.of("compliance", "compliance_documents", ORGANIZATION),
            ExposedTable.of("compliance", "sanctions_screening", ORGANIZATION),
            ExposedTable.of("security", "api_keys", TENANT)
                    .serverManaging("key_hash", "last_used_at", "usage_count"),
            // The document's CredentialVault: the credential is encrypted under the tenant's data key, and the row
            // carries that key wrapped by the master key, the context and the master key's name.
            ExposedTable.of("security", "customer_credentials", TENANT)
                    .encrypting("encrypted_data")
                    .serverManaging("data_key_encrypted", "encryption_context", "kms_key_alias", "last_accessed_at",
                            "access_count"),
            ExposedTable.of("security", "compliance_reports", TENANT),
            ExposedTable.of("security", "security_policies", TENANT),
            ExposedTable.of("security", "threat_intelligence", PLATFORM),
            ExposedTable.of("billing", "billing_accounts", ORGANIZATION)
                    .generating("account_number", IdentifierFormat.BILLING_ACCOUNT)
                    .encrypting("tax_exempt_certificate"),
            ExposedTable.of("billing", "payment_methods", CHILD).encrypting("account_holder_name"),
            ExposedTable.of("billing", "invoices", ORGANIZATION).generating("invoice_number", IdentifierFormat.INVOICE),
            ExposedTable.of("identity", "sso_configurations", ORGANIZATION).encrypting("client_secret"),
            ExposedTable.of("features", "feature_flags", PLATFORM),
            ExposedTable.of("features", "tenant_feature_overrides", TENANT),
            ExposedTable.of("features", "white_label_configurations", ORGANIZATION),
            ExposedTable.of("operations", "scheduled_maintenance", PLATFORM),
            ExposedTable.of("operations", "rate_limit_configurations", PLATFORM),
            ExposedTable.of("operations", "sla_tracking", TENANT),
            ExposedTable.of("partners", "partners", PLATFORM).generating("partner_code", IdentifierFormat.PARTNER));
}
