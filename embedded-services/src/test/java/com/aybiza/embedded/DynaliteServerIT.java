package com.aybiza.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** The DynamoDB-compatible server answers the real AWS SDK: tables, conditional writes, persistence, clean exit. */
class DynaliteServerIT {

    private static final Path INSTALL_DIR =
            Path.of(System.getProperty("aybiza.project.dir", "..")).resolve(DynaliteServer.INSTALL_DIR);

    @TempDir
    Path tmp;

    private static DynamoDbClient client(DynaliteServer server) {
        return DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static void createSessionsTable(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName("agent_sessions")
                .keySchema(KeySchemaElement.builder().attributeName("session_id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("session_id")
                        .attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        awaitActive(dynamo);
    }

    /** The SDK waiter, polling every 100 ms instead of its default 20 s; its default 25 attempts would give up after 2.5 s. */
    private static void awaitActive(DynamoDbClient dynamo) {
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo)
                .overrideConfiguration(c -> c.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .maxAttempts(300).waitTimeout(Duration.ofSeconds(30)))
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName("agent_sessions"));
        }
    }

    private static Map<String, AttributeValue> session(String id, long version) {
        return Map.of("session_id", AttributeValue.fromS(id), "version", AttributeValue.fromN(Long.toString(version)));
    }

    @Test
    void servesTheDynamoDbApiWithTablesThatBecomeActiveAndConditionalWrites() throws Exception {
        try (DynaliteServer server = DynaliteServer.start(INSTALL_DIR, 0, Optional.empty(), Duration.ofSeconds(3));
             DynamoDbClient dynamo = client(server)) {
            dynamo.createTable(b -> b.tableName("agent_sessions")
                    .keySchema(KeySchemaElement.builder().attributeName("session_id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("session_id")
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            // Like DynamoDB: the new table is not ACTIVE at once.
            assertThat(dynamo.describeTable(b -> b.tableName("agent_sessions")).table().tableStatus())
                    .isEqualTo(TableStatus.CREATING);
            awaitActive(dynamo);

            dynamo.putItem(b -> b.tableName("agent_sessions").item(session("s-1", 2)));
            // A stale writer (version 1 after version 2) is refused: what a state sink's idempotent update relies on.
            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("agent_sessions").item(session("s-1", 1))
                    .conditionExpression("attribute_not_exists(session_id) OR version < :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))))
                    .isInstanceOf(ConditionalCheckFailedException.class);

            assertThat(dynamo.getItem(b -> b.tableName("agent_sessions").key(Map.of("session_id", AttributeValue.fromS("s-1"))))
                    .item().get("version").n()).isEqualTo("2");
        }
    }

    @Test
    void keepsItsTablesInADataDirAcrossRestartsAndEndsWhenClosed() throws Exception {
        Path data = tmp.resolve("dynamodb");
        DynaliteServer first = DynaliteServer.start(INSTALL_DIR, 0, Optional.of(data), Duration.ZERO);
        try (DynamoDbClient dynamo = client(first)) {
            createSessionsTable(dynamo);
            dynamo.putItem(b -> b.tableName("agent_sessions").item(session("s-9", 5)));
        }
        first.close();
        assertThat(first.isAlive()).isFalse();

        try (DynaliteServer second = DynaliteServer.start(INSTALL_DIR, 0, Optional.of(data), Duration.ZERO);
             DynamoDbClient dynamo = client(second)) {
            assertThat(dynamo.getItem(b -> b.tableName("agent_sessions").key(Map.of("session_id", AttributeValue.fromS("s-9"))))
                    .item()).isEqualTo(session("s-9", 5));
        }
    }
}
