-- V30: BI tools connect with a role that is granted bi_reader. It may read the six aggregate views and nothing
-- else: USAGE on their schemas lets it name them, and no table in those schemas is granted to it.

GRANT USAGE ON SCHEMA call_analytics, security, billing TO bi_reader;
GRANT SELECT ON call_analytics.call_analytics_hourly,
                call_analytics.tenant_usage_daily,
                call_analytics.performance_metrics_hourly,
                security.security_events_daily,
                billing.usage_hourly,
                billing.billing_daily
    TO bi_reader;
