package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.internal.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bin/aybiza local refuses before it starts anything, each in a line or two with what to do, exit 1, no stack
 * trace and nothing started: a dashboard port that is taken, a data directory of another version, and no Node.js.
 */
class LocalCommandRefusalsIT {

    @TempDir
    Path tmp;

    private CommandProcess.Result local(Map<String, String> environment, String... args) throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        String[] command = new String[args.length + 1];
        command[0] = "local";
        System.arraycopy(args, 0, command, 1, args.length);
        return new CommandProcess(logs, Files.createDirectories(tmp.resolve("tmp")), environment).run(command);
    }

    @Test
    void refusesATakenDashboardPortBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path dataDir = tmp.resolve("data");
            CommandProcess.Result result = local(Map.of(), "--web-ui-port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", dataDir.toString());
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.err()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is taken")
                    .contains("--web-ui-port").doesNotContain("\tat ");
            assertThat(dataDir).as("nothing written").doesNotExist();
        }
    }

    @Test
    void refusesADataDirectoryOfAnotherVersion() throws Exception {
        Path dataDir = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(dataDir.resolve(LocalDataDirectory.MARKER), "layout=0\npostgres.major=16\n");
        CommandProcess.Result result = local(Map.of(), "--data-dir", dataDir.toString(), "--web-ui-port",
                Integer.toString(FreePorts.take(1)[0]));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains("holds the data of another version of bin/aybiza local")
                .doesNotContain("\tat ");
        try (var entries = Files.list(dataDir)) {
            assertThat(entries).as("nothing added to the folder").hasSize(1);
        }
    }

    @Test
    void saysThatNodeIsMissing() throws Exception {
        Path emptyPath = Files.createDirectories(tmp.resolve("no-programs"));
        CommandProcess.Result result = local(Map.of("PATH", emptyPath.toString()), "--data-dir",
                tmp.resolve("data").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains("Node.js 18 or newer is needed").contains("`node` is not on the PATH")
                .doesNotContain("\tat ");
    }
}
