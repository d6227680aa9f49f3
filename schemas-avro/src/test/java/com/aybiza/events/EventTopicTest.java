package com.aybiza.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventTopicTest {

  @Test
  void everyInputTopicHasItsOwnDeadLetterTopic() {
    assertThat(Arrays.stream(EventTopic.values()).map(EventTopic::deadLetterTopicName))
        .containsExactly("aybiza.calls.v1.dlq", "aybiza.tool-executions.v1.dlq", "aybiza.usage.v1.dlq",
            "aybiza.security.v1.dlq", "aybiza.call-turns.v1.dlq")
        .doesNotHaveDuplicates();
  }

  @Test
  void usageIsKeptLongEnoughToRebuildAMonthOfBilling() {
    assertThat(EventTopic.USAGE.retention().toDays()).isGreaterThanOrEqualTo(31);
    assertThat(EventTopic.USAGE.topicConfig()).containsEntry("retention.ms", String.valueOf(35L * 24 * 3600 * 1000))
        .containsEntry("message.timestamp.type", "LogAppendTime");
  }

  @Test
  void eachTopicCarriesOneEventType() {
    assertThat(EventTopic.CALLS.eventType()).isEqualTo(CallEvent.class);
    assertThat(EventTopic.USAGE.eventType()).isEqualTo(UsageEvent.class);
    assertThat(EventTopic.SECURITY.eventType()).isEqualTo(SecurityEvent.class);
    assertThat(EventTopic.TOOL_EXECUTIONS.eventType()).isEqualTo(ToolExecutionEvent.class);
    assertThat(EventTopic.CALL_TURNS.eventType()).isEqualTo(CallTurnEvent.class);
  }
}
