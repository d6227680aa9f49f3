package com.aybiza.jobs.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LiveItemConverterTest {

    @Test
    void jsonTypesBecomeTheirAttributeTypesAndADeleteNamesTheKey() {
        LiveItem put = new LiveItem(LiveTables.REALTIME_CALL_STATE, false, "{\"call_sid\":\"CA1\",\"timestamp\":"
                + "1764496800000,\"live\":true,\"running_cost_usd\":0.030000,\"last_turn\":{\"stt_ms\":120},"
                + "\"quality_issues\":[\"slow_responses\"],\"agent_id\":null}", 0);
        DynamoDbWriteRequest request = new LiveItemConverter().apply(put, null);
        Map<String, AttributeValue> item = request.getItem();
        assertThat(request.getType()).isEqualTo(DynamoDbWriteRequestType.PUT);
        assertThat(item.get("call_sid").s()).isEqualTo("CA1");
        assertThat(item.get("timestamp").n()).isEqualTo("1764496800000");
        assertThat(item.get("live").bool()).isTrue();
        assertThat(item.get("running_cost_usd").n()).isEqualTo("0.030000");
        assertThat(item.get("last_turn").m().get("stt_ms").n()).isEqualTo("120");
        assertThat(item.get("quality_issues").l()).extracting(AttributeValue::s).containsExactly("slow_responses");
        assertThat(item.get("agent_id").nul()).isTrue();

        LiveItem delete = new LiveItem(LiveTables.ACTIVE_TOOL_EXECUTIONS, true,
                "{\"agent_id\":\"a\",\"execution_id\":\"e\"}", 0);
        assertThat(new LiveItemConverter().apply(delete, null).getType()).isEqualTo(DynamoDbWriteRequestType.DELETE);
    }
}
