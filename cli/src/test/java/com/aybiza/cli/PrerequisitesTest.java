package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrerequisitesTest {

    @Test
    void acceptsNode18AndNewer() {
        assertThatCode(() -> Prerequisites.requireNodeVersion("v18.0.0")).doesNotThrowAnyException();
        assertThatCode(() -> Prerequisites.requireNodeVersion("v20.20.2")).doesNotThrowAnyException();
    }

    @Test
    void refusesAnOlderNodeSayingWhatToDo() {
        assertThatThrownBy(() -> Prerequisites.requireNodeVersion("v16.20.2")).hasMessageContaining("too old")
                .hasMessageContaining("18 or newer").hasMessageContaining("--dynamodb-endpoint");
    }

    @Test
    void refusesWhatIsNoVersion() {
        assertThatThrownBy(() -> Prerequisites.requireNodeVersion("command not found"))
                .hasMessageContaining("not a Node.js version");
    }
}
