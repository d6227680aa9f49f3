package com.aybiza.jobs.live;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The three DynamoDB tables of live state, as the schema document's "DynamoDB Tables for Hot Data" gives them: keys,
 * global secondary indexes, on-demand billing, streams and the {@code ttl} attribute. {@link #create} makes the
 * missing ones and leaves existing ones alone, so running it twice is a no-op. TTL is enabled on all three: the
 * document names it for two, and an execution whose end never comes should expire too.
 */
public enum LiveTables {

    AGENT_SESSIONS("AgentSessions", "agent_session_id", ScalarAttributeType.S, "timestamp", ScalarAttributeType.N,
            "TenantAgentIndex", "tenant_id", "agent_id", ScalarAttributeType.S, true),
    ACTIVE_TOOL_EXECUTIONS("ActiveToolExecutions", "agent_id", ScalarAttributeType.S, "execution_id",
            ScalarAttributeType.S, "TenantToolIndex", "tenant_id", "timestamp", ScalarAttributeType.N, true),
    REALTIME_CALL_STATE("RealtimeCallState", "call_sid", ScalarAttributeType.S, "timestamp", ScalarAttributeType.N,
            null, null, null, null, false);

    /** The attribute DynamoDB's TTL reads: epoch seconds after which the item may be deleted. */
    public static final String TTL_ATTRIBUTE = "ttl";

    private final String tableName;
    private final String partitionKey;
    private final ScalarAttributeType partitionKeyType;
    private final String sortKey;
    private final ScalarAttributeType sortKeyType;
    private final String indexName;
    private final String indexPartitionKey;
    private final String indexSortKey;
    private final ScalarAttributeType indexSortKeyType;
    private final boolean streamEnabled;

    LiveTables(String tableName, String partitionKey, ScalarAttributeType partitionKeyType, String sortKey,
               ScalarAttributeType sortKeyType, String indexName, String indexPartitionKey, String indexSortKey,
               ScalarAttributeType indexSortKeyType, boolean streamEnabled) {
        this.tableName = tableName;
        this.partitionKey = partitionKey;
        this.partitionKeyType = partitionKeyType;
        this.sortKey = sortKey;
        this.sortKeyType = sortKeyType;
        this.indexName = indexName;
        this.indexPartitionKey = indexPartitionKey;
        this.indexSortKey = indexSortKey;
        this.indexSortKeyType = indexSortKeyType;
        this.streamEnabled = streamEnabled;
    }

    public String tableName() {
        return tableName;
    }

    /** The item's key attributes, partition key first: what a delete names and a batch is de-duplicated by. */
    public List<String> keyAttributes() {
        return List.of(partitionKey, sortKey);
    }

    /** What {@link #create} did to one table. */
    public record Outcome(String table, boolean created, String note) {
    }

    /** Creates the tables that do not exist yet and waits until they are active; existing ones are left as they are. */
    public static List<Outcome> create(DynamoDbClient dynamo) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (LiveTables table : values()) {
            if (table.exists(dynamo)) {
                outcomes.add(new Outcome(table.tableName, false, "exists, left as it is"));
                continue;
            }
            dynamo.createTable(table.createRequest());
            table.awaitActive(dynamo);
            outcomes.add(new Outcome(table.tableName, true, table.enableTtl(dynamo)));
        }
        return outcomes;
    }

    private boolean exists(DynamoDbClient dynamo) {
        try {
            dynamo.describeTable(DescribeTableRequest.builder().tableName(tableName).build());
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    CreateTableRequest createRequest() {
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(
                AttributeDefinition.builder().attributeName(partitionKey).attributeType(partitionKeyType).build(),
                AttributeDefinition.builder().attributeName(sortKey).attributeType(sortKeyType).build()));
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
        if (indexName != null) {
            if (!indexPartitionKey.equals(partitionKey) && !indexPartitionKey.equals(sortKey)) {
                attributes.add(AttributeDefinition.builder().attributeName(indexPartitionKey)
                        .attributeType(ScalarAttributeType.S).build());
            }
            if (!indexSortKey.equals(partitionKey) && !indexSortKey.equals(sortKey)) {
                attributes.add(AttributeDefinition.builder().attributeName(indexSortKey)
                        .attributeType(indexSortKeyType).build());
            }
            request.globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(indexName)
                    .keySchema(KeySchemaElement.builder().attributeName(indexPartitionKey).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(indexSortKey).keyType(KeyType.RANGE).build())
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
        }
        if (streamEnabled) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build());
        }
        return request.attributeDefinitions(attributes).build();
    }

    /** DynamoDB creates a table asynchronously: it takes writes only once ACTIVE. */
    private void awaitActive(DynamoDbClient dynamo) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (dynamo.describeTable(DescribeTableRequest.builder().tableName(tableName).build()).table()
                .tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + tableName + " did not become ACTIVE within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Turns TTL on; a server without the TTL API (some local ones) is told, not failed: readers check ttl anyway. */
    private String enableTtl(DynamoDbClient dynamo) {
        try {
            dynamo.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(tableName)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(TTL_ATTRIBUTE)
                            .enabled(true).build()).build());
            return "created, TTL on attribute " + TTL_ATTRIBUTE;
        } catch (DynamoDbException e) {
            return "created; this server does not take the TTL setting (" + e.awsErrorDetails().errorCode()
                    + "), items carry " + TTL_ATTRIBUTE + " all the same";
        }
    }
}
