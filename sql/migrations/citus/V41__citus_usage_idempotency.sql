-- V41 (Citus): billing.usage_idempotency (V31), the durable idempotency key of billing, distributed by tenant_id in the
-- tenant-scoped colocation group. Its key (tenant_id, event_id) already holds the distribution column, and nothing
-- references it. usage_metering stays distributed by organization_id beside its invoices (V40), so the pipeline's
-- transaction that writes both spans shards; Citus commits such a transaction atomically (two-phase commit).
SELECT create_distributed_table('billing.usage_idempotency', 'tenant_id', colocate_with => 'agent_manager.agents');
