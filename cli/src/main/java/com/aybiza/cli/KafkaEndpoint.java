package com.aybiza.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka cluster a command talks to, and the clients it talks with. Kafka's clients wait a minute or more for a
 * broker by default; an operator at a terminal should hear within the timeout (--kafka-timeout, 10 s by default)
 * that the address is wrong. Every client it makes carries the operator's client properties (--kafka-properties:
 * security protocol, SASL, trust store) beneath the settings a command needs for itself.
 */
final class KafkaEndpoint {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final Duration timeout;
    private final Map<String, String> clientProperties;

    KafkaEndpoint(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TIMEOUT, Map.of());
    }

    KafkaEndpoint(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, Map.of());
    }

    KafkaEndpoint(String bootstrapServers, Duration timeout, Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Duration timeout() {
        return timeout;
    }

    /** The operator's client properties (security settings), for clients built elsewhere (generator, jobs). */
    Map<String, String> clientProperties() {
        return clientProperties;
    }

    /** An admin client with the operator's properties and this endpoint's timeouts. */
    Admin admin() {
        return create(() -> Admin.create(withTimeouts(Map.of())));
    }

    /** Those of {@code topics} the cluster does not have; fails with one line if the cluster cannot be reached. */
    List<String> missingTopics(Collection<String> topics) {
        requireListening();
        try (Admin admin = create(() -> Admin.create(withTimeouts(Map.of())))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            return topics.stream().filter(topic -> !existing.contains(topic)).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + bootstrapServers + " for its topics", e);
        }
    }

    /**
     * Fails within the timeout, in one line naming the address, unless a Kafka broker answers there: for commands
     * whose own clients would otherwise retry for a minute and log a warning per attempt.
     */
    void requireReachable() {
        requireListening();
        try (Admin admin = create(() -> Admin.create(withTimeouts(Map.of())))) {
            admin.describeCluster().clusterId().get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + bootstrapServers, e);
        }
    }

    /**
     * A consumer that belongs to no group: it commits nothing, so reading a dead-letter topic leaves no trace. It
     * reads committed records only, because a dead letter of an aborted transaction was never written.
     */
    KafkaConsumer<byte[], byte[]> consumer() {
        return create(() -> new KafkaConsumer<>(withTimeouts(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** The contract's producer settings (acks=all, idempotence), so a retried send is not stored twice. */
    KafkaProducer<byte[], byte[]> idempotentProducer() {
        return create(() -> new KafkaProducer<>(withTimeouts(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()),
                // Must cover linger plus one request; three requests' worth leaves room for the producer's retries.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(3 * timeout.toMillis()))),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /**
     * Fails at once, in one line, when no bootstrap address takes a TCP connection. Kafka's client would retry for the
     * whole timeout, log a warning on every attempt, and end with a message that names no address.
     */
    private void requireListening() {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> failures = new ArrayList<>();
        for (String address : bootstrapServers.split(",")) {
            InetSocketAddress socketAddress = parse(address.trim());
            try (Socket socket = new Socket()) {
                int remainingMillis = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.connect(socketAddress, remainingMillis);
                return;
            } catch (UnknownHostException | UnresolvedAddressException e) {
                failures.add(address.trim() + ": unknown host");
            } catch (IOException e) {
                failures.add(address.trim() + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("cannot reach Kafka at " + String.join("; ", failures));
    }

    private static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            String host = address.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
            if (colon > 0 && !host.isEmpty() && port > 0 && port < 65_536) {
                return new InetSocketAddress(host, port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + address + "' in the bootstrap servers is not HOST:PORT");
    }

    private IllegalStateException unreachable(Throwable cause) {
        return new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " within "
                + DurationConverter.format(timeout) + " (" + cause.getMessage() + ")", cause);
    }

    private Map<String, Object> withTimeouts(Map<String, Object> settings) {
        // The operator's properties first: what a command sets for itself below is what it relies on.
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putAll(settings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
                String.valueOf(timeout.toMillis()));
        // The client's first attempt defaults to 10 s, and it warns when that exceeds the maximum set just above.
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
                String.valueOf(Math.min(timeout.toMillis(), 10_000)));
        return config;
    }

    /** A client whose constructor refuses the address (unparsable, or no name resolves) says so in one line. */
    private <T> T create(Supplier<T> client) {
        try {
            return client.get();
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("cannot use Kafka at '" + bootstrapServers + "': " + cause.getMessage(),
                    cause);
        }
    }
}
