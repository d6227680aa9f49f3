package com.aybiza.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaBrokerOptionsTest {

    @Test
    void defaultsToFreePortsATemporaryWorkDirAndA768MbHeap() {
        KafkaBrokerOptions options = KafkaBrokerOptions.defaults();

        assertThat(options.port()).isZero();
        assertThat(options.controllerPort()).isZero();
        assertThat(options.workDir()).isEmpty();
        assertThat(options.heapMb()).isEqualTo(768);
    }

    @Test
    void keepsAGivenWorkDirAndPorts() {
        KafkaBrokerOptions options = KafkaBrokerOptions.builder()
                .workDir(Path.of("/tmp/kafka")).port(9092).controllerPort(9093).build();

        assertThat(options.workDir()).contains(Path.of("/tmp/kafka"));
        assertThat(options.port()).isEqualTo(9092);
        assertThat(options.controllerPort()).isEqualTo(9093);
    }

    @Test
    void rejectsTheSamePortForClientsAndController() {
        assertThatThrownBy(() -> KafkaBrokerOptions.builder().port(9092).controllerPort(9092).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
    }

    @Test
    void rejectsAPortOutOfRangeATinyHeapAndANonPositiveTimeout() {
        assertThatThrownBy(() -> KafkaBrokerOptions.builder().port(70_000).build())
                .hasMessageContaining("port must be 0 (any free port) or 1-65535");
        assertThatThrownBy(() -> KafkaBrokerOptions.builder().heapMb(64).build())
                .hasMessageContaining("heapMb must be at least 128");
        assertThatThrownBy(() -> KafkaBrokerOptions.builder().startupTimeout(Duration.ZERO).build())
                .hasMessageContaining("startupTimeout must be positive");
    }

    @Test
    void offersNoSaslListenerUnlessAScramUserIsGivenAndKeepsItsPasswordOutOfToString() {
        assertThat(KafkaBrokerOptions.defaults().scramUser()).isEmpty();

        KafkaBrokerOptions options = KafkaBrokerOptions.builder().scramUser("aybiza", "s3cret-1").build();

        assertThat(options.scramUser()).hasValueSatisfying(user -> {
            assertThat(user.username()).isEqualTo("aybiza");
            assertThat(user.password()).isEqualTo("s3cret-1");
        });
        assertThat(options.toString()).doesNotContain("s3cret-1");
    }

    @Test
    void rejectsScramNamesAndPasswordsThatWouldNeedQuoting() {
        assertThatThrownBy(() -> KafkaBrokerOptions.builder().scramUser("a,b", "x").build())
                .hasMessageContaining("username must be letters");
        assertThatThrownBy(() -> KafkaBrokerOptions.builder().scramUser("a", "p\"w").build())
                .hasMessageContaining("password must be letters");
    }
}
