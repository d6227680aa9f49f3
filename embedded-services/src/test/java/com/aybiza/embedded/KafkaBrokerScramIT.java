package com.aybiza.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker's optional SASL_PLAINTEXT listener with SCRAM-SHA-256: the user given at start logs in, a wrong password
 * and an unknown user are refused with an authentication error, not a timeout.
 */
class KafkaBrokerScramIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(
            KafkaBroker.builder().scramUser("edge", "edge-secret").build());

    @Test
    void letsTheKnownUserInOnTheSaslListener() throws Exception {
        try (Admin admin = admin(KAFKA.broker().scramClientProperties())) {
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo(KAFKA.broker().clusterId());
        }
    }

    @Test
    void refusesAWrongPasswordAndAnUnknownUserWithAnAuthenticationError() {
        for (Map<String, String> login : new Map[] {
            KAFKA.broker().scramClientProperties("edge", "not-the-password"),
            KAFKA.broker().scramClientProperties("intruder", "edge-secret")}) {
            try (Admin admin = admin(login)) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class)
                        .cause().hasMessageContaining("Authentication failed");
            }
        }
    }

    @Test
    void keepsThePlaintextListenerForTheBrokersOwnClients() {
        assertThat(KAFKA.bootstrapServers()).isNotEqualTo(KAFKA.broker().saslBootstrapServers());
        KAFKA.createTopic("scram.plain", 1, Map.of()); // through the broker's own PLAINTEXT admin client
    }

    private static Admin admin(Map<String, String> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().saslBootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(10).toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(20).toMillis());
        return Admin.create(config);
    }
}
