package com.aybiza.events;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The input topics of the voice edge and their dead-letter topics: part of the contract, like the schemas.
 *
 * <p>Every record is keyed by its tenant_id (the UUID's canonical text, UTF-8), so that a tenant's events stay in
 * order on one partition; a security event without a tenant is keyed by its organization_id, and one without either
 * by {@link #PLATFORM_KEY}. Values are Avro single-object encoded ({@link EventCodec}). Each input topic has a
 * dead-letter topic, {@code <topic>.dlq}, holding {@link DeadLetter} envelopes: the original bytes, where they came
 * from, the stage that failed and why.
 */
public enum EventTopic {
  CALLS("aybiza.calls.v1", CallEvent.class, Duration.ofDays(7)),
  TOOL_EXECUTIONS("aybiza.tool-executions.v1", ToolExecutionEvent.class, Duration.ofDays(7)),
  // Usage is money: kept long enough to rebuild a month of billing from the topic.
  USAGE("aybiza.usage.v1", UsageEvent.class, Duration.ofDays(35)),
  SECURITY("aybiza.security.v1", SecurityEvent.class, Duration.ofDays(35)),
  // Turns of calls in progress, for live call state only: a day covers any restart of the jobs.
  CALL_TURNS("aybiza.call-turns.v1", CallTurnEvent.class, Duration.ofDays(1));

  /** The key of a security event that belongs to no organization (platform-wide). */
  public static final String PLATFORM_KEY = "platform";

  /** Partitions per topic when this project creates them: enough for a parallelism-8 job. */
  public static final int DEFAULT_PARTITIONS = 8;

  /** Dead letters are read by people, late: a month. */
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(35);

  private final String topicName;
  private final Class<? extends SpecificRecord> eventType;
  private final Duration retention;

  EventTopic(String topicName, Class<? extends SpecificRecord> eventType, Duration retention) {
    this.topicName = topicName;
    this.eventType = eventType;
    this.retention = retention;
  }

  public String topicName() {
    return topicName;
  }

  public String deadLetterTopicName() {
    return deadLetterTopicOf(topicName);
  }

  /** The dead-letter twin of any input topic, including ones renamed by configuration: {@code <topic>.dlq}. */
  public static String deadLetterTopicOf(String topic) {
    return topic + ".dlq";
  }

  public Class<? extends SpecificRecord> eventType() {
    return eventType;
  }

  public Duration retention() {
    return retention;
  }

  /**
   * Topic-level settings for the input topic, as given to Kafka's AdminClient: its retention, and record timestamps
   * set by the broker on arrival (LogAppendTime). event_time carries the edge's clock; the record timestamp is then a
   * clock this platform runs, against which a consumer can judge event_time the same way on every replay.
   */
  public Map<String, String> topicConfig() {
    return Map.of("retention.ms", String.valueOf(retention.toMillis()),
        "message.timestamp.type", "LogAppendTime");
  }

  /** The Kafka key of an event: its tenant, else its organization, else {@link #PLATFORM_KEY}. */
  public static String keyOf(UUID tenantId, UUID organizationId) {
    return tenantId != null ? tenantId.toString() : organizationId != null ? organizationId.toString() : PLATFORM_KEY;
  }

  /** Topic-level settings for the dead-letter topic. */
  public Map<String, String> deadLetterTopicConfig() {
    return Map.of("retention.ms", String.valueOf(DEAD_LETTER_RETENTION.toMillis()));
  }
}
