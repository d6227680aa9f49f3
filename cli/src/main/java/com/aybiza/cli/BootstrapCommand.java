package com.aybiza.cli;

import com.aybiza.service.bootstrap.Bootstrapper;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** bin/aybiza bootstrap: the first organization, tenant, admin role, user and API key; the key is printed once. */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = {
            "Creates an organization with one tenant, an admin role, an admin user and that user's API key, in one",
            "transaction, and prints the key once (only its hash is stored). Run again for another organization."
        })
final class BootstrapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--organization", defaultValue = "Default organization",
            description = "the organization's (and its first tenant's) name (default ${DEFAULT-VALUE})")
    String organization;

    @Option(names = "--slug", description = "its slug and subdomain (default: from the name)")
    String slug;

    @Option(names = "--admin-email", description = "the admin user's email (default admin@<slug>.invalid)")
    String adminEmail;

    @Option(names = "--platform-admin",
            description = "the key may also change platform-wide tables (feature_flags, partners, ...)")
    boolean platformAdmin;

    @Option(names = "--organization-wide",
            description = "the key belongs to the whole organization, not its first tenant: it sees every tenant of "
                    + "the organization, and can create tenants and issue their keys (POST /v1/api_keys)")
    boolean organizationWide;

    @Override
    public Integer call() throws Exception {
        String slugOrDefault = slug != null ? slug
                : organization.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        Bootstrapper.Result result = new Bootstrapper(database.settings(), new SecureRandom(), Clock.systemUTC())
                .bootstrap(organization, slugOrDefault,
                        adminEmail != null ? adminEmail : "admin@" + slugOrDefault + ".invalid", platformAdmin,
                        organizationWide);
        PrintWriter out = spec.commandLine().getOut();
        out.println("organization  " + result.organizationId() + "  " + result.accountId());
        out.println("tenant        " + result.tenantId() + "  " + slugOrDefault);
        out.println("admin user    " + result.userId() + "  " + result.userHandle());
        out.println("api key id    " + result.apiKeyId());
        out.println("api key       " + result.apiKey() + (organizationWide ? "  (organization-wide)" : ""));
        out.println("The key is shown this once; only its hash is stored. Use it as: Authorization: Bearer <key>");
        return 0;
    }
}
