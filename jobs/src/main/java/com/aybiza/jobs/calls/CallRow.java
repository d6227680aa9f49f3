package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallStatuses;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A call's row in {@code call_analytics.calls} as its events of one batch make it, by the same rule the upsert applies
 * to the stored row ({@link CallsWriter}): an event that beats the row's status ({@link LifecycleOrder#CALL}) takes the
 * row, keeping what the row knew that the event does not (COALESCE; metadata merged, the event's keys winning); an
 * event that does not beat it changes nothing. Folding a batch here first gives the upsert one row per call, as
 * {@code ON CONFLICT DO UPDATE} requires.
 */
final class CallRow {

    final UUID tenantId;
    final String callSid;
    UUID organizationId;
    UUID agentId;
    UUID agentVersionId;
    UUID phoneNumberId;
    String status;
    String direction;
    String fromNumber;
    String toNumber;
    int durationSeconds;
    int billableDurationSeconds;
    Instant startTime;
    Instant answerTime;
    Instant endTime;
    String recordingUrl;
    Integer recordingDurationSeconds;
    String transcriptId;
    Map<String, String> metadata = new HashMap<>();
    String edgeRegion;
    String awsRegion;
    /** Null while no event has told the cost; stored as the column's default, 0. */
    BigDecimal costUsd;
    BigDecimal qualityScore;
    BigDecimal sentimentScore;

    private CallRow(UUID tenantId, String callSid) {
        this.tenantId = tenantId;
        this.callSid = callSid;
    }

    static CallRow of(CallEvent event) {
        CallRow row = new CallRow(event.getTenantId(), event.getCallSid());
        row.take(event);
        return row;
    }

    /** Applies {@code event} if it beats the row; returns whether it did. */
    boolean advance(CallEvent event) {
        if (!LifecycleOrder.CALL.beats(status(event), event.getEndTime(), status, endTime)) {
            return false;
        }
        take(event);
        return true;
    }

    UUID id() {
        return CallIds.callId(tenantId, callSid);
    }

    static String status(CallEvent event) {
        return status(event.getStatus());
    }

    static String status(CallStatus status) {
        return CallStatuses.toDatabaseValue(status);
    }

    private void take(CallEvent e) {
        organizationId = e.getOrganizationId();
        status = status(e);
        direction = e.getDirection().name();
        fromNumber = e.getFromNumber();
        toNumber = e.getToNumber();
        durationSeconds = e.getDurationSeconds();
        billableDurationSeconds = e.getBillableDurationSeconds();
        startTime = e.getStartTime();
        answerTime = or(e.getAnswerTime(), answerTime);
        endTime = or(e.getEndTime(), endTime);
        recordingUrl = or(e.getRecordingUrl(), recordingUrl);
        recordingDurationSeconds = or(e.getRecordingDurationSeconds(), recordingDurationSeconds);
        transcriptId = or(e.getTranscriptId(), transcriptId);
        agentId = or(e.getAgentId(), agentId);
        agentVersionId = or(e.getAgentVersionId(), agentVersionId);
        phoneNumberId = or(e.getPhoneNumberId(), phoneNumberId);
        metadata.putAll(e.getMetadata());
        edgeRegion = or(e.getEdgeRegion(), edgeRegion);
        awsRegion = or(e.getAwsRegion(), awsRegion);
        costUsd = or(e.getCostUsd(), costUsd);
        qualityScore = or(e.getQualityScore(), qualityScore);
        sentimentScore = or(e.getSentimentScore(), sentimentScore);
    }

    private static <T> T or(T value, T known) {
        return value != null ? value : known;
    }
}
