package com.aybiza.embedded;

import com.aybiza.embedded.internal.ApiVersionsProbe;
import com.aybiza.embedded.internal.BrokerConfigFiles;
import com.aybiza.embedded.internal.ChildJvm;
import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.embedded.internal.WorkDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in a child JVM.
 *
 * <p>A child process rather than a broker inside the caller's JVM: the broker's Scala runtime, threads, heap and
 * static state stay out of the tests (and of Flink's MiniCluster), two brokers can run side by side, and closing
 * one ends it completely. No Docker engine exists on these machines; the Kafka jars come from Maven.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final Path workDir;
    private final boolean ownsWorkDir;
    private final int port;
    private final int saslPort;
    private final Optional<KafkaBrokerOptions.ScramUser> scramUser;
    private final String clusterId;
    private final ChildJvm process;
    private final Admin admin;
    private final Duration startupTime;
    private boolean closed;

    private KafkaBroker(Path workDir, boolean ownsWorkDir, int port, int saslPort,
                        Optional<KafkaBrokerOptions.ScramUser> scramUser, String clusterId, ChildJvm process,
                        Admin admin, Duration startupTime) {
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.port = port;
        this.saslPort = saslPort;
        this.scramUser = scramUser;
        this.clusterId = clusterId;
        this.process = process;
        this.admin = admin;
        this.startupTime = startupTime;
    }

    public static KafkaBrokerOptions.Builder builder() {
        return KafkaBrokerOptions.builder();
    }

    /**
     * Formats the storage (unless the work dir already holds a formatted one), starts the broker and returns once
     * it serves requests and an AdminClient's describeCluster lists it as an unfenced node. On failure the broker
     * is stopped and the exception carries the tail of its log.
     */
    public static KafkaBroker start(KafkaBrokerOptions options) throws IOException, InterruptedException {
        long startedNanos = System.nanoTime();
        if (options.port() != 0) {
            // Before anything is made: no work dir, no log file, no JVM to stop again.
            FreePorts.requireFree(options.port(), "--port");
        }
        boolean ownsWorkDir = options.workDir().isEmpty();
        Path workDir = ownsWorkDir
                ? Files.createTempDirectory("aybiza-kafka-")
                : Files.createDirectories(options.workDir().get());
        ChildJvm process = null;
        Admin admin = null;
        try {
            int[] free = FreePorts.take(3);
            int port = options.port() != 0 ? options.port() : free[0];
            int controllerPort = options.controllerPort() != 0 ? options.controllerPort() : free[1];
            int saslPort = options.scramUser().isPresent() ? free[2] : 0;
            Path dataDir = workDir.resolve("data");
            List<String> logging = BrokerConfigFiles.writeLoggingConfig(workDir);
            Map<String, String> server = BrokerConfigFiles.serverProperties(port, controllerPort, dataDir);
            if (saslPort != 0) {
                BrokerConfigFiles.addScramListener(server, saslPort);
            }
            BrokerConfigFiles.writeServerProperties(workDir, server);
            String clusterId = formatStorageIfNeeded(workDir, dataDir, logging, options.scramUser());

            process = ChildJvm.start(workDir, "broker", brokerJvmOptions(options.heapMb(), logging),
                    "kafka.Kafka", List.of(BrokerConfigFiles.SERVER_PROPERTIES));
            long deadline = startedNanos + options.startupTimeout().toNanos();
            awaitServing(process, port, deadline, options.startupTimeout(), workDir);
            // Created only now: an AdminClient connects at once, and logs a WARN per refused attempt.
            admin = Admin.create(adminConfig(port));
            awaitUnfenced(process, admin, deadline, options.startupTimeout(), workDir);
            requireOwnBroker(process, admin, clusterId, port, workDir);
            return new KafkaBroker(workDir, ownsWorkDir, port, saslPort, options.scramUser(), clusterId, process, admin,
                    Duration.ofNanos(System.nanoTime() - startedNanos));
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            if (process != null) {
                process.stop(STOP_GRACE);
            }
            if (ownsWorkDir) {
                WorkDirs.deleteRecursively(workDir);
            }
            throw e;
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * {@code host:port} of the SASL_PLAINTEXT (SCRAM-SHA-256) listener; only for a broker started with
     * {@link KafkaBrokerOptions.Builder#scramUser}.
     */
    public String saslBootstrapServers() {
        requireScram();
        return "127.0.0.1:" + saslPort;
    }

    /**
     * Client settings that log in to the SASL listener as {@code username} with {@code password}: what a client's
     * properties file holds (security.protocol, sasl.mechanism, sasl.jaas.config). The broker knows one user, its
     * own options' {@code scramUser}; any other name or password is refused with an authentication error.
     */
    public Map<String, String> scramClientProperties(String username, String password) {
        requireScram();
        return Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", KafkaBrokerOptions.SCRAM_MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + username + "\" password=\"" + password + "\";");
    }

    /** {@link #scramClientProperties(String, String)} for the user the broker knows. */
    public Map<String, String> scramClientProperties() {
        requireScram();
        return scramClientProperties(scramUser.get().username(), scramUser.get().password());
    }

    private void requireScram() {
        if (scramUser.isEmpty()) {
            throw new IllegalStateException("this broker has no SASL listener: start it with "
                    + "KafkaBroker.builder().scramUser(name, password)");
        }
    }

    public String clusterId() {
        return clusterId;
    }

    /** From the call to {@link #start} until the broker answered: storage format, JVM start, KRaft election. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path workDir() {
        return workDir;
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the broker's log file and of its console output, for a failure report. */
    public String logTail(int lines) {
        return "--- " + BrokerConfigFiles.BROKER_LOG + " ---\n"
                + ChildJvm.tail(workDir.resolve(BrokerConfigFiles.BROKER_LOG), lines)
                + "\n--- broker.out ---\n" + process.outputTail(lines)
                + "\n--- broker process " + (process.isAlive() ? "alive" : "exited") + " ---";
    }

    /**
     * Creates a topic with one replica, or leaves an existing one of that name as it is, and returns once every
     * partition has a leader, so a producer's first send finds it.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
        awaitLeaders(name);
    }

    /** Stops the broker (a clean shutdown, forced after 15 s) and deletes the work dir unless the caller gave it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        process.stop(STOP_GRACE);
        if (ownsWorkDir) {
            WorkDirs.deleteRecursively(workDir);
        }
    }

    private static String formatStorageIfNeeded(Path workDir, Path dataDir, List<String> logging,
                                                Optional<KafkaBrokerOptions.ScramUser> scramUser)
            throws IOException, InterruptedException {
        Path meta = dataDir.resolve("meta.properties");
        if (Files.exists(meta)) {
            // A work dir given again: the broker restarts on its data, so the cluster keeps its id.
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                properties.load(in);
            }
            return properties.getProperty("cluster.id");
        }
        String clusterId = Uuid.randomUuid().toString();
        // StorageTool's main ends with System.exit, so it runs in its own JVM like the broker.
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        jvm.addAll(logging);
        List<String> format = new ArrayList<>(
                List.of("format", "-t", clusterId, "-c", BrokerConfigFiles.SERVER_PROPERTIES));
        // KRaft keeps SCRAM credentials in its metadata log; written at format time, the user exists before the broker
        // takes its first client, with no admin call over an unauthenticated port (KIP-900).
        scramUser.ifPresent(user -> format.addAll(List.of("--add-scram", KafkaBrokerOptions.SCRAM_MECHANISM
                + "=[name=" + user.username() + ",password=" + user.password() + "]")));
        int exit = ChildJvm.run(workDir, "format", jvm, "kafka.tools.StorageTool", format, FORMAT_TIMEOUT);
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format exited with " + exit + ":\n"
                    + ChildJvm.tail(workDir.resolve("format.out"), LOG_TAIL_LINES));
        }
        return clusterId;
    }

    private static List<String> brokerJvmOptions(int heapMb, List<String> logging) {
        List<String> jvm = new ArrayList<>(List.of(
                "-Xms" + Math.min(256, heapMb) + "m",
                "-Xmx" + heapMb + "m",
                // Serial GC: a sub-GB heap needs no concurrent collector, whose threads would compete with the tests
                // for the two cores. (C1-only JIT was tried: no faster start here, and slower under load.)
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true"));
        jvm.addAll(logging);
        return jvm;
    }

    private static Map<String, Object> adminConfig(int port) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.CLIENT_ID_CONFIG, "aybiza-embedded-kafka-" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    }

    private static void awaitServing(ChildJvm process, int port, long deadline, Duration timeout, Path workDir)
            throws InterruptedException {
        while (!ApiVersionsProbe.answers(port)) {
            checkAlive(process, deadline, timeout, workDir);
            Thread.sleep(100);
        }
    }

    private static void awaitUnfenced(ChildJvm process, Admin admin, long deadline, Duration timeout,
                                      Path workDir) throws InterruptedException {
        while (!hasUnfencedNode(admin)) {
            checkAlive(process, deadline, timeout, workDir);
            Thread.sleep(50);
        }
    }

    private static void checkAlive(ChildJvm process, long deadline, Duration timeout, Path workDir) {
        if (!process.isAlive()) {
            throw startFailure("the broker process exited", workDir, process);
        }
        if (System.nanoTime() > deadline) {
            throw startFailure("the broker did not answer within " + timeout, workDir, process);
        }
    }

    /**
     * The port answered, but was it this broker? Another program can bind the port between the check above and the
     * broker's own bind; the broker then exits, and every probe reaches the other one. Its process must be alive and
     * the cluster must carry the id this start formatted.
     */
    private static void requireOwnBroker(ChildJvm process, Admin admin, String clusterId, int port, Path workDir)
            throws InterruptedException {
        String answered;
        try {
            answered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).clusterId().get();
        } catch (ExecutionException e) {
            answered = null;
        }
        if (process.isAlive() && clusterId.equals(answered)) {
            return;
        }
        if (answered != null && !clusterId.equals(answered)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken by another program (a Kafka "
                    + "broker of cluster " + answered + "); stop it, or choose another port with --port");
        }
        throw startFailure(process.isAlive() ? "the broker did not tell its cluster id" : "the broker process exited",
                workDir, process);
    }

    private static boolean hasUnfencedNode(Admin admin) throws InterruptedException {
        try {
            // Fenced brokers are left out of the answer, so a node here can take topics.
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get().isEmpty();
        } catch (ExecutionException e) {
            return false;
        }
    }

    private static IllegalStateException startFailure(String what, Path workDir, ChildJvm process) {
        String log = ChildJvm.tail(workDir.resolve(BrokerConfigFiles.BROKER_LOG), LOG_TAIL_LINES);
        if (log.contains("Address already in use") || process.outputTail(LOG_TAIL_LINES).contains("Address already in use")) {
            // A port taken after the check in start(): one line, not the broker's stack trace.
            return new IllegalStateException("a port of the broker on 127.0.0.1 is taken by another program; stop it, "
                    + "or choose another port with --port");
        }
        return new IllegalStateException(what + " (work dir " + workDir + ")\n--- "
                + BrokerConfigFiles.BROKER_LOG + " ---\n"
                + ChildJvm.tail(workDir.resolve(BrokerConfigFiles.BROKER_LOG), LOG_TAIL_LINES)
                + "\n--- broker.out ---\n" + process.outputTail(LOG_TAIL_LINES));
    }

    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        try {
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                    if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // UnknownTopicOrPartition until the broker has applied the controller's record: ask again.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has partitions without a leader after "
                            + TOPIC_READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
        }
    }
}
