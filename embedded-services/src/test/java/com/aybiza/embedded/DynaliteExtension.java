package com.aybiza.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real DynamoDB-compatible server (dynalite) for one test class, in memory, started before its first test and
 * stopped after its last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final DynaliteExtension DYNAMODB = new DynaliteExtension();
 * ... DynamoDbClient.builder().endpointOverride(DYNAMODB.endpoint()) ...
 * }</pre>
 *
 * Tables stay CREATING for 500 ms, as the default server's do: a test that forgets to wait for ACTIVE fails here
 * as it would on DynamoDB.
 */
public final class DynaliteExtension implements BeforeAllCallback, AfterAllCallback {

    private DynaliteServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // failsafe passes the project root (the reactor's top directory); a plain IDE run starts there.
        Path project = Path.of(System.getProperty("aybiza.project.dir", "."));
        server = DynaliteServer.start(project.resolve(DynaliteServer.INSTALL_DIR), 0, Optional.empty(),
                Duration.ofMillis(500));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public URI endpoint() {
        return server().endpoint();
    }

    public DynaliteServer server() {
        if (server == null) {
            throw new IllegalStateException("no server: register DynaliteExtension on a static field "
                    + "with @RegisterExtension, and use it inside the test class's lifecycle");
        }
        return server;
    }
}
