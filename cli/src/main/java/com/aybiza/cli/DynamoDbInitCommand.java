package com.aybiza.cli;

import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.jobs.live.LiveTables;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * bin/aybiza dynamodb init: creates the live-state tables (AgentSessions, ActiveToolExecutions, RealtimeCallState)
 * with the schema document's keys, indexes and TTL attribute; tables that exist are left alone, so a second run is a
 * no-op.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Creates the DynamoDB tables of live call state (AgentSessions, ActiveToolExecutions, "
                + "RealtimeCallState) with their keys, global secondary indexes and TTL; existing tables are left as "
                + "they are. AWS credentials and region come the SDK's usual way.")
final class DynamoDbInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint", required = true, converter = EndpointConverter.class, defaultValue = "${env:AYBIZA_DYNAMODB_ENDPOINT}",
            description = "the DynamoDB endpoint, e.g. http://127.0.0.1:8000 (env AYBIZA_DYNAMODB_ENDPOINT)")
    URI endpoint;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (DynamoDbClient dynamo = LiveStateSettings.at(endpoint).client()) {
            for (LiveTables.Outcome outcome : LiveTables.create(dynamo)) {
                out.printf("%-22s %s%n", outcome.table(), outcome.note());
            }
        } catch (SdkClientException e) {
            spec.commandLine().getErr().println("dynamodb init: cannot reach DynamoDB at " + endpoint + ": "
                    + e.getMessage());
            return 1;
        }
        out.println("dynamodb init: the live-state tables are ready at " + endpoint);
        return 0;
    }
}
