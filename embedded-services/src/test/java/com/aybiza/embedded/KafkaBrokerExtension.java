package com.aybiza.embedded;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real Kafka broker for one test class: started before its first test, stopped (and its data deleted) after
 * its last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.createTopic("calls", 3, Map.of()); props.put("bootstrap.servers", KAFKA.bootstrapServers());
 * }</pre>
 *
 * One broker per class, not per test: a start costs seconds, and topics with distinct names keep tests apart.
 * When a test fails, the broker's own log is printed: a CI run's broker is gone, with its work dir, by the time
 * anyone reads the report.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    private final KafkaBrokerOptions options;
    private KafkaBroker broker;

    public KafkaBrokerExtension() {
        this(KafkaBrokerOptions.defaults());
    }

    public KafkaBrokerExtension(KafkaBrokerOptions options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = KafkaBroker.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (broker != null) {
            System.err.println("--- Kafka broker log after failed test " + context.getDisplayName() + " ---\n"
                    + broker.logTail(200));
        }
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) {
        broker().createTopic(name, partitions, configs);
    }

    /** The running broker, for what the two shortcuts above do not cover. */
    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("no broker: register KafkaBrokerExtension on a static field "
                    + "with @RegisterExtension, and use it inside the test class's lifecycle");
        }
        return broker;
    }
}
