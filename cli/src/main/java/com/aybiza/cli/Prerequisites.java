package com.aybiza.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What bin/aybiza local needs on the machine besides the JVM it runs in, checked before anything starts so that a
 * missing or old program is one line, not a child process's stack trace. (Java itself is checked by bin/aybiza
 * before the build: an older JVM could not even load these classes.)
 */
final class Prerequisites {

    /** dynalite 4 runs on Node.js 18 and newer (its LevelDB bindings need 18's N-API). */
    static final int NODE_MIN_MAJOR = 18;

    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+).*");

    private Prerequisites() {
    }

    /** Fails with a message naming what to install when `node` is missing or older than {@link #NODE_MIN_MAJOR}. */
    static void requireNode() throws InterruptedException {
        String version;
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new IllegalStateException("`node --version` did not answer within 20 s");
            }
            version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("Node.js " + NODE_MIN_MAJOR + " or newer is needed for the "
                    + "DynamoDB-compatible server, and `node` is not on the PATH: install Node.js (https://nodejs.org), "
                    + "or give --dynamodb-endpoint of a DynamoDB you run");
        }
        requireNodeVersion(version);
    }

    static void requireNodeVersion(String version) {
        Matcher m = NODE_VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalStateException("`node --version` said '" + version + "', not a Node.js version");
        }
        if (Integer.parseInt(m.group(1)) < NODE_MIN_MAJOR) {
            throw new IllegalStateException("Node.js " + version + " is too old: the DynamoDB-compatible server needs "
                    + NODE_MIN_MAJOR + " or newer; install a newer Node.js, or give --dynamodb-endpoint");
        }
    }
}
