package com.aybiza.embedded.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The files a single-node KRaft broker starts from: server.properties and its logging configuration. */
public final class BrokerConfigFiles {

    public static final String SERVER_PROPERTIES = "server.properties";
    public static final String BROKER_LOG = "broker.log";
    private static final String LOG4J2_XML = "log4j2-broker.xml";
    private static final String LOG4J_PROPERTIES = "log4j-broker.properties";

    private BrokerConfigFiles() {
    }

    /** The broker settings: combined broker+controller, everything sized for one node and a fast start. */
    public static Map<String, String> serverProperties(int port, int controllerPort, Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // One replica of everything; the internal topics would otherwise wait for three brokers that never come.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        // One partition each instead of 50: creating them is most of a consumer group's first-join latency.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // Topics are created explicitly (KafkaBroker.createTopic), so a typo fails instead of making a new topic.
        p.put("auto.create.topics.enable", "false");
        // Two cores: fewer threads than the defaults (3 network, 8 I/O) start faster and compete less with tests.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        // Small segments and indexes: each new partition preallocates index files of this size.
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        return p;
    }

    /**
     * Adds a SASL_PLAINTEXT client listener with SCRAM-SHA-256 on {@code saslPort} to {@code properties}. The broker
     * still talks to itself over PLAINTEXT, so only clients log in. Its JAAS entry names no user: a SCRAM server
     * checks clients against the credentials in the metadata log (written at storage format time).
     */
    public static void addScramListener(Map<String, String> properties, int saslPort) {
        properties.merge("listeners", "SASL_PLAINTEXT://127.0.0.1:" + saslPort, (a, b) -> a + "," + b);
        properties.merge("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + saslPort, (a, b) -> a + "," + b);
        properties.merge("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT", (a, b) -> a + "," + b);
        properties.put("sasl.enabled.mechanisms", "SCRAM-SHA-256");
        properties.put("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }

    public static Path writeServerProperties(Path workDir, Map<String, String> properties) throws IOException {
        String text = properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + escapeProperty(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(workDir.resolve(SERVER_PROPERTIES), text, StandardCharsets.UTF_8);
    }

    /**
     * Writes the child's logging configuration and returns the JVM options that select it: WARN and above, plus
     * the server's start/stop lines, to {@value #BROKER_LOG} in the work dir, never to our stdout. Both log4j2 (the
     * binding this project ships) and log4j 1.x / reload4j (Kafka's own distribution's choice, if a classpath
     * brings it instead) are configured, so the broker logs to the file whichever binding it finds.
     */
    public static List<String> writeLoggingConfig(Path workDir) throws IOException {
        String logFile = workDir.resolve(BROKER_LOG).toAbsolutePath().toString().replace('\\', '/');
        String pattern = "%d{ISO8601} %-5p [%t] %c - %m%n";
        Path log4j2 = Files.writeString(workDir.resolve(LOG4J2_XML), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <File name="file" fileName="%s"><PatternLayout pattern="%s"/></File>
                  </Appenders>
                  <Loggers>
                    <Logger name="kafka.server.KafkaRaftServer" level="info"/>
                    <Root level="warn"><AppenderRef ref="file"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(xml(logFile), xml(pattern)), StandardCharsets.UTF_8);
        Path log4j1 = Files.writeString(workDir.resolve(LOG4J_PROPERTIES), """
                log4j.rootLogger=WARN, file
                log4j.logger.kafka.server.KafkaRaftServer=INFO
                log4j.appender.file=org.apache.log4j.FileAppender
                log4j.appender.file.File=%s
                log4j.appender.file.layout=org.apache.log4j.PatternLayout
                log4j.appender.file.layout.ConversionPattern=%s
                """.formatted(escapeProperty(logFile), pattern), StandardCharsets.UTF_8);
        return List.of(
                "-Dlog4j2.configurationFile=" + log4j2.toUri(),
                "-Dlog4j.configuration=" + log4j1.toUri());
    }

    private static String escapeProperty(String value) {
        return value.replace("\\", "\\\\");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
