package com.aybiza.cli;

import com.aybiza.jobs.live.LiveItem;
import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.jobs.live.LiveStateSinks;
import com.aybiza.jobs.live.LiveTables;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * How fast live state reaches DynamoDB through the Flink connector, per batching setting: {@code items} call-state
 * items (each its own call, so none is reduced away) written by one sink subtask, timed from job start to the last
 * acknowledged batch, and counted back with a scan.
 */
final class LiveWriteBenchmark {

    record Figure(String setting, long items, double seconds) {
        double itemsPerSecond() {
            return items / seconds;
        }
    }

    private final URI endpoint;
    private final int items;

    LiveWriteBenchmark(URI endpoint, int items) {
        this.endpoint = endpoint;
        this.items = items;
    }

    Figure run(int batchSize, int inFlight, Duration timeInBuffer) throws Exception {
        LiveStateSettings settings = LiveStateSettings.at(endpoint).withBatching(batchSize, inFlight, timeInBuffer);
        String prefix = "BENCH-" + batchSize + "-" + inFlight + "-" + System.nanoTime() + "-";
        try (DynamoDbClient dynamo = settings.client()) {
            LiveTables.create(dynamo);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(0, items - 1)
                .map(i -> new LiveItem(LiveTables.REALTIME_CALL_STATE, false, "{\"call_sid\":\"" + prefix + i
                        + "\",\"timestamp\":" + i + ",\"status\":\"answered\",\"live\":true,\"turns\":7,"
                        + "\"last_turn\":{\"stt_ms\":120,\"llm_first_token_ms\":410,\"tts_first_audio_ms\":150,"
                        + "\"total_ms\":680},\"running_cost_usd\":0.012345,\"ttl\":" + (i + 3600) + "}", i),
                        TypeInformation.of(LiveItem.class))
                .sinkTo(LiveStateSinks.dynamoDb(settings).realtimeCallState());
        long started = System.nanoTime();
        env.execute("live write benchmark");
        double seconds = (System.nanoTime() - started) / 1e9;
        long stored = count(settings, prefix);
        if (stored != items) {
            throw new IllegalStateException("DynamoDB holds " + stored + " of the " + items + " items written");
        }
        return new Figure("batch " + batchSize + ", " + inFlight + " in flight, " + timeInBuffer.toMillis() + " ms",
                stored, seconds);
    }

    private static long count(LiveStateSettings settings, String prefix) {
        try (DynamoDbClient dynamo = settings.client()) {
            return dynamo.scanPaginator(ScanRequest.builder().tableName(LiveTables.REALTIME_CALL_STATE.tableName())
                    .select(Select.COUNT).filterExpression("begins_with(call_sid, :p)")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix))).build())
                    .stream().mapToLong(page -> page.count()).sum();
        }
    }
}
