package com.aybiza.cli;

import com.aybiza.service.CrudService;
import com.aybiza.service.ServiceConfig;
import com.aybiza.service.crypto.MasterKeySettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** bin/aybiza serve: the CRUD service (service/) until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serves the platform's transactional tables as JSON over HTTP under /v1 (one collection per table),",
            "authenticated with API keys (bin/aybiza bootstrap makes the first), isolated per tenant by row-level",
            "security. /health and /openapi.json need no key. Connect as the schema owner (the user of migrate)."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
    String bind;

    @Option(names = "--master-key-file", defaultValue = "${env:AYBIZA_MASTER_KEY_FILE:-${sys:user.home}/.aybiza/master.key}",
            description = "the master key that wraps the per-tenant data keys, unless --kms-key-id; created if missing "
                    + "(default ${DEFAULT-VALUE}, env AYBIZA_MASTER_KEY_FILE). Back it up apart from the database.")
    Path masterKeyFile;

    @Option(names = "--kms-key-id", defaultValue = "${env:AYBIZA_KMS_KEY_ID}",
            description = "wrap the data keys with this AWS KMS key (key id, key ARN or alias ARN) instead of the key "
                    + "file (env AYBIZA_KMS_KEY_ID). Credentials and region come from the AWS SDK's default chains.")
    String kmsKeyId;

    @Mixin
    KmsOptions kms;

    @Option(names = "--max-body-bytes", defaultValue = "262144",
            description = "larger request bodies are refused with 413 (default ${DEFAULT-VALUE})")
    long maxBodyBytes;

    @Option(names = "--pool-size", defaultValue = "10", description = "database connections (default ${DEFAULT-VALUE})")
    int poolSize;

    private static String describe(MasterKeySettings key) {
        return key instanceof MasterKeySettings.Kms named ? "AWS KMS key " + named.keyId()
                : "the key file " + ((MasterKeySettings.LocalFile) key).file();
    }

    @Override
    public Integer call() throws Exception {
        MasterKeySettings masterKey = kmsKeyId == null || kmsKeyId.isBlank()
                ? new MasterKeySettings.LocalFile(masterKeyFile)
                : kms.key(kmsKeyId.trim());
        ServiceConfig config = new ServiceConfig(database.settings(), bind, port, maxBodyBytes, poolSize, masterKey);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C (or SIGTERM) releases the wait below and holds the JVM until Jetty and the pool are closed.
        // Interrupting the thread that runs serve stops it the same way (tests).
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "aybiza-serve-shutdown");
        boolean interrupted = false;
        try (CrudService service = CrudService.start(config)) {
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getOut().printf("serving %s on http://%s:%d (openapi: /openapi.json), data keys "
                    + "wrapped by %s%n", database.settings(), bind, service.port(), describe(masterKey));
            spec.commandLine().getOut().flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                // Jetty's stop would fail on a still-interrupted thread: close first, restore the flag after.
                interrupted = true;
            }
        } finally {
            closed.countDown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException alreadyStopping) {
            // the JVM is shutting down (the hook ran), or start failed before the hook was added
        }
        return 0;
    }
}
