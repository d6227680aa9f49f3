package com.aybiza.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to start a {@link KafkaBroker}. Built with {@link #builder()}, which checks every setting before anything
 * is started.
 *
 * @param workDir        where the broker keeps its config, data and log; empty: a temporary directory, deleted on close.
 *                       A given directory is kept, and a broker started on it again keeps its topics and records.
 * @param port           the PLAINTEXT (client) port on 127.0.0.1; 0: a free one
 * @param controllerPort the KRaft CONTROLLER port on 127.0.0.1; 0: a free one
 * @param heapMb         the broker JVM's maximum heap
 * @param startupTimeout how long to wait for the broker to answer before giving up
 * @param scramUser      when present, a second client listener, SASL_PLAINTEXT with SCRAM-SHA-256, on a free port,
 *                       that knows this one user: for tests of clients that log in (the PLAINTEXT port stays open,
 *                       for the broker's own admin client and inter-broker traffic)
 */
public record KafkaBrokerOptions(Optional<Path> workDir, int port, int controllerPort, int heapMb,
                                 Duration startupTimeout, Optional<ScramUser> scramUser) {

    /** The mechanism of the SASL listener: SCRAM, whose credentials KRaft keeps in its metadata log. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    /**
     * A SCRAM user of the SASL listener. Letters, digits, '.', '_' and '-' only: the name and password are written
     * into the storage tool's {@code --add-scram} argument and a JAAS line, whose quoting they then need not escape.
     */
    public record ScramUser(String username, String password) {

        private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9._-]+");

        public ScramUser {
            if (username == null || !PLAIN.matcher(username).matches()) {
                throw new IllegalArgumentException("a SCRAM username must be letters, digits, '.', '_' or '-'");
            }
            if (password == null || !PLAIN.matcher(password).matches()) {
                throw new IllegalArgumentException("a SCRAM password must be letters, digits, '.', '_' or '-'");
            }
        }

        @Override
        public String toString() {
            return "ScramUser[" + username + "]"; // no password in a log or an assertion message
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings for a throwaway test broker. */
    public static KafkaBrokerOptions defaults() {
        return builder().build();
    }

    public static final class Builder {

        private Path workDir;
        private int port;
        private int controllerPort;
        private int heapMb = 768;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private ScramUser scramUser;

        private Builder() {
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder heapMb(int heapMb) {
            this.heapMb = heapMb;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** Also offers a SASL_PLAINTEXT listener with SCRAM-SHA-256 that knows this user. */
        public Builder scramUser(String username, String password) {
            this.scramUser = new ScramUser(username, password);
            return this;
        }

        public KafkaBrokerOptions build() {
            checkPort("port", port);
            checkPort("controllerPort", controllerPort);
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
            }
            if (heapMb < 128) {
                throw new IllegalArgumentException("heapMb must be at least 128 (a KRaft broker needs it), was " + heapMb);
            }
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
            }
            return new KafkaBrokerOptions(Optional.ofNullable(workDir), port, controllerPort, heapMb, startupTimeout,
                    Optional.ofNullable(scramUser));
        }

        /** Builds the options and starts the broker. */
        public KafkaBroker start() throws IOException, InterruptedException {
            return KafkaBroker.start(build());
        }

        private static void checkPort(String name, int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException(name + " must be 0 (any free port) or 1-65535, was " + value);
            }
        }
    }
}
