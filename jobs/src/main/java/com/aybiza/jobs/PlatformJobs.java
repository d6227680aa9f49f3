package com.aybiza.jobs;

import com.aybiza.events.EventTopic;
import com.aybiza.jobs.billing.UsageMeteringJob;
import com.aybiza.jobs.calls.CallAnalyticsJob;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.security.SecurityEventsJob;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry class of the jobs jar: {@code flink run -c com.aybiza.jobs.PlatformJobs aybiza-jobs.jar --bootstrap-servers
 * HOST:PORT --jdbc-url URL [...]} (arguments: {@link JobArguments}). Every topology of the platform runs in one Flink
 * job, so one checkpoint and one savepoint cover all of them. {@code bin/aybiza jobs} runs the same build locally.
 */
public final class PlatformJobs {

    /** The job's name on the Flink dashboard. */
    public static final String JOB_NAME = "aybiza-jobs";

    /** The topics the topologies read. */
    public static final List<EventTopic> INPUT_TOPICS = List.of(EventTopic.CALLS, EventTopic.TOOL_EXECUTIONS,
            EventTopic.USAGE, EventTopic.SECURITY, EventTopic.CALL_TURNS);

    /**
     * A table the jobs write, the job (topology) that writes it, and how a run's rows are found in it: a condition on
     * the run's tenants (an SQL expression with one parameter, the tenants' uuid[]), and its time column.
     */
    public record StoredTable(String name, String job, String tenantCondition, String timeColumn) {
    }

    private static final String CALLS_JOB = CallAnalyticsJob.class.getSimpleName();
    private static final String BILLING_JOB = UsageMeteringJob.class.getSimpleName();
    private static final String SECURITY_JOB = SecurityEventsJob.class.getSimpleName();

    /** Rows of the run's tenants, and rows without a tenant (organization-level security events). */
    private static final String TENANT_OR_NONE = "(tenant_id IS NULL OR tenant_id = ANY (?))";

    /** The tables the topologies write, for reconciliation with a generator's ledger. */
    public static final List<StoredTable> STORED_TABLES = List.of(
            new StoredTable("billing.usage_metering", BILLING_JOB, "tenant_id = ANY (?)", "\"timestamp\""),
            // A call's row may hold only times before the run (a call in progress at its start that only rang in it):
            // when it was written tells it apart. Reconcile one run before the next one starts.
            new StoredTable("call_analytics.calls", CALLS_JOB, "tenant_id = ANY (?)", "updated_at"),
            new StoredTable("call_analytics.call_analytics", CALLS_JOB, "tenant_id = ANY (?)", "created_at"),
            new StoredTable("agent_intelligence.tool_executions", CALLS_JOB, "tenant_id = ANY (?)",
                    "greatest(\"timestamp\", coalesce(completed_at, \"timestamp\"))"),
            new StoredTable("quality.call_quality_scores", CALLS_JOB, "tenant_id = ANY (?)", "scored_at"),
            // A day's row is stamped with the day's midnight: a day the run overlaps ends after the run's start.
            new StoredTable("quality.agent_performance_metrics", CALLS_JOB, "tenant_id = ANY (?)",
                    "(\"timestamp\" + interval '1 day')"),
            new StoredTable("security.security_events", SECURITY_JOB, TENANT_OR_NONE, "\"timestamp\""),
            new StoredTable("security.prompt_injection_attempts", SECURITY_JOB, TENANT_OR_NONE, "\"timestamp\""),
            new StoredTable("security.voice_security_events", SECURITY_JOB, TENANT_OR_NONE, "\"timestamp\""),
            new StoredTable("security.api_access_logs", SECURITY_JOB, TENANT_OR_NONE, "\"timestamp\""),
            new StoredTable("security.audit_logs", SECURITY_JOB, TENANT_OR_NONE, "\"timestamp\""),
            // login_history has no tenant column: its user's tenant stands in (none for an organization's user).
            new StoredTable("identity.login_history", SECURITY_JOB, "coalesce((SELECT u.tenant_id = ANY (?) FROM "
                    + "agent_manager.users u WHERE u.id = identity.login_history.user_id), true)", "\"timestamp\""));

    /** Tables the jobs write that reconciliation does not count (a call's figures), with their job. */
    public static final List<StoredTable> UNRECONCILED_TABLES = List.of(
            new StoredTable("call_analytics.detailed_metrics", CALLS_JOB, "tenant_id = ANY (?)", "\"timestamp\""));

    private PlatformJobs() {
    }

    /** Adds every topology, with its production ends, to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobSettings settings) {
        JobEnvironment.configure(env, settings);
        CallAnalyticsJob.production(settings).build(env);
        UsageMeteringJob.production(settings).build(env);
        SecurityEventsJob.production(settings).build(env);
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSettings settings = JobArguments.parse(args, env.getParallelism());
        InputTopics.requireLogAppendTime(settings.bootstrapServers(), settings.kafkaProperties(), INPUT_TOPICS, 30);
        build(env, settings);
        env.execute(JOB_NAME);
    }
}
