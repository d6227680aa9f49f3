package com.aybiza.jobs.live;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;

/**
 * The three ends live state writes to, one per table; {@link #dynamoDb} plugs in the DynamoDB sinks, tests may plug in
 * others.
 *
 * @param sessionUpdateIntervalMillis how often, at most, an agent's session is written while it changes
 */
public record LiveStateSinks(Sink<LiveItem> agentSessions, Sink<LiveItem> activeToolExecutions,
                             Sink<LiveItem> realtimeCallState, long sessionUpdateIntervalMillis) {

    /**
     * A DynamoDB sink per table through Flink's connector: batched, {@code maxInFlightRequests} batches in flight, and
     * never failing the job on a write error: throttling ({@code ProvisionedThroughputExceededException}) and
     * unprocessed items are retried, by the SDK with back-off and then by the connector, whose in-flight limit also
     * backs off (AIMD) while writes fail. Items of one key in a batch are reduced to the last.
     */
    public static LiveStateSinks dynamoDb(LiveStateSettings settings) {
        return new LiveStateSinks(sink(settings, LiveTables.AGENT_SESSIONS),
                sink(settings, LiveTables.ACTIVE_TOOL_EXECUTIONS), sink(settings, LiveTables.REALTIME_CALL_STATE),
                settings.sessionUpdateInterval().toMillis());
    }

    private static Sink<LiveItem> sink(LiveStateSettings settings, LiveTables table) {
        return DynamoDbSink.<LiveItem>builder()
                .setTableName(table.tableName())
                .setElementConverter(new LiveItemConverter())
                .setDynamoDbProperties(settings.clientProperties())
                .setOverwriteByPartitionKeys(table.keyAttributes())
                .setFailOnError(false)
                .setMaxBatchSize(settings.maxBatchSize())
                .setMaxInFlightRequests(settings.maxInFlightRequests())
                .setMaxBufferedRequests(settings.maxBufferedRequests())
                .setMaxTimeInBufferMS(settings.maxTimeInBuffer().toMillis())
                .build();
    }
}
