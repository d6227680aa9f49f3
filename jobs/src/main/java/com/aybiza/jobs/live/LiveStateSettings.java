package com.aybiza.jobs.live;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Where and how live state is written to DynamoDB.
 *
 * <p>Credentials and region come the AWS SDK's usual way (environment, system properties, profile, instance role); the
 * region defaults to us-east-1 for an endpoint on this machine, and a local endpoint without any credentials
 * configured gets placeholder ones, which a local server accepts.
 *
 * @param endpoint               the DynamoDB endpoint; null for AWS's own, by region
 * @param maxBatchSize           items per BatchWriteItem (DynamoDB takes at most 25)
 * @param maxInFlightRequests    batches in flight per sink subtask: 1 keeps each item's writes in order, so an older
 *                               state never overwrites a newer one when a batch is retried
 * @param maxBufferedRequests    items a sink subtask holds before it back-pressures the job
 * @param maxTimeInBuffer        how long an item waits for a full batch
 * @param sessionUpdateInterval  how often, at most, an agent's session is written while it changes
 */
public record LiveStateSettings(URI endpoint, int maxBatchSize, int maxInFlightRequests, int maxBufferedRequests,
                                Duration maxTimeInBuffer, Duration sessionUpdateInterval) implements Serializable {

    public LiveStateSettings {
        Objects.requireNonNull(maxTimeInBuffer, "maxTimeInBuffer");
        Objects.requireNonNull(sessionUpdateInterval, "sessionUpdateInterval");
        if (maxBatchSize < 1 || maxBatchSize > 25) {
            throw new IllegalArgumentException("a DynamoDB batch holds 1 to 25 items, got " + maxBatchSize);
        }
        if (maxInFlightRequests < 1 || maxBufferedRequests < maxBatchSize) {
            throw new IllegalArgumentException("in-flight requests must be at least 1 and the buffer at least a batch");
        }
    }

    /** Batches of 25, one in flight, up to 10,000 items buffered and 200 ms in the buffer; sessions every second. */
    public static LiveStateSettings at(URI endpoint) {
        return new LiveStateSettings(endpoint, 25, 1, 10_000, Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    public LiveStateSettings withBatching(int batchSize, int inFlight, Duration timeInBuffer) {
        return new LiveStateSettings(endpoint, batchSize, inFlight, maxBufferedRequests, timeInBuffer,
                sessionUpdateInterval);
    }

    /** The properties the Flink DynamoDB connector builds its client from. */
    public Properties clientProperties() {
        Properties props = new Properties();
        String region = firstSet(System.getenv("AWS_REGION"), System.getProperty("aws.region"),
                System.getenv("AWS_DEFAULT_REGION"));
        props.setProperty(AWSConfigConstants.AWS_REGION, region != null ? region : "us-east-1");
        if (endpoint != null) {
            props.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint.toString());
        }
        if (endpoint != null && isLocal(endpoint) && !credentialsConfigured()) {
            props.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
            props.setProperty(AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), "local");
            props.setProperty(AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), "local");
        } else {
            props.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
        }
        return props;
    }

    /** A plain SDK client of the same endpoint, region and credentials: for creating tables and for reading. */
    public DynamoDbClient client() {
        Properties props = clientProperties();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(props.getProperty(AWSConfigConstants.AWS_REGION)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if ("BASIC".equals(props.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER))) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.create());
        }
        return builder.build();
    }

    /** How it is written, for the start-up line. */
    public String describe() {
        return "DynamoDB at " + (endpoint == null ? "AWS (" + clientProperties().getProperty(
                AWSConfigConstants.AWS_REGION) + ")" : endpoint) + ", batches of " + maxBatchSize + ", "
                + maxInFlightRequests + " in flight";
    }

    static boolean isLocal(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("[::1]"));
    }

    private static boolean credentialsConfigured() {
        return System.getenv("AWS_ACCESS_KEY_ID") != null || System.getProperty("aws.accessKeyId") != null
                || System.getenv("AWS_PROFILE") != null
                || Files.exists(Path.of(System.getProperty("user.home"), ".aws", "credentials"));
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
