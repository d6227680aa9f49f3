package com.aybiza.cli;

import com.aybiza.service.CrudService;
import com.aybiza.service.ServiceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
            description = "the master key that wraps the per-tenant data keys; created if missing "
                    + "(default ${DEFAULT-VALUE}, env AYBIZA_MASTER_KEY_FILE). Back it up apart from the database.")
    Path masterKeyFile;

    @Option(names = "--max-body-bytes", defaultValue = "262144",
            description = "larger request bodies are refused with 413 (default ${DEFAULT-VALUE})")
    long maxBodyBytes;

    @Option(names = "--pool-size", defaultValue = "10", description = "database connections (default ${DEFAULT-VALUE})")
    int poolSize;

    @Override
    public Integer call() throws Exception {
        ServiceConfig config = new ServiceConfig(database.settings(), bind, port, maxBodyBytes, poolSize, masterKeyFile);
        CountDownLatch stopped = new CountDownLatch(1);
        try (CrudService service = CrudService.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "aybiza-serve-shutdown"));
            spec.commandLine().getOut().printf("serving %s on http://%s:%d (openapi: /openapi.json)%n",
                    database.settings(), bind, service.port());
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }
}
