package com.aybiza.service;

import com.aybiza.service.bootstrap.Bootstrapper;
import com.aybiza.service.crypto.MasterKey;
import com.aybiza.service.crypto.MasterKeySettings;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's world: a real PostgreSQL 17 (embedded binaries), migrated with the project's migrations, and the
 * service on a free loopback port, with a fresh master key file (or the master key a test gives). Organizations are created through the real
 * {@link Bootstrapper}, and talked to over real HTTP ({@link ApiClient}).
 */
public final class ServiceHarness implements BeforeAllCallback, AfterAllCallback {

    private final EmbeddedPostgresExtension postgres = new EmbeddedPostgresExtension();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private DatabaseSettings database;
    private final Supplier<MasterKeySettings> masterKeyChoice;
    private CrudService service;
    private MasterKeySettings masterKey;

    /** With a fresh local master key file. */
    public ServiceHarness() {
        this(() -> {
            try {
                return new MasterKeySettings.LocalFile(
                        Files.createTempDirectory("aybiza-master-key").resolve("master.key"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** With the master key the supplier gives when the class's tests start (after its static fields are set). */
    public ServiceHarness(Supplier<MasterKeySettings> masterKey) {
        this.masterKeyChoice = masterKey;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres.beforeAll(context);
        database = postgres.settings(postgres.newDatabase());
        new SchemaMigrator(database).migrate();
        masterKey = masterKeyChoice.get();
        service = CrudService.start(ServiceConfig.of(database, "127.0.0.1", 0, masterKey));
    }

    /** Another empty, migrated database on the same server. */
    public DatabaseSettings newDatabase() throws Exception {
        DatabaseSettings other = postgres.settings(postgres.newDatabase());
        new SchemaMigrator(other).migrate();
        return other;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (service != null) {
            service.close();
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close(); // in reverse: a service before its master key
        }
        postgres.afterAll(context);
    }

    public DatabaseSettings database() {
        return database;
    }

    public MasterKeySettings masterKey() {
        return masterKey;
    }

    public int port() {
        return service.port();
    }

    public ApiClient anonymous() {
        return new ApiClient(port(), null);
    }

    /**
     * Another instance of the service on the same database and master key, as behind a load balancer, on its own
     * clock; it stops with the harness. Returns a client of it without a key.
     */
    public ApiClient anotherInstance(Clock clock) throws Exception {
        MasterKey key = masterKey.open(new SecureRandom());
        closing.add(key);
        CrudService other = CrudService.start(ServiceConfig.of(database, "127.0.0.1", 0, masterKey), key, clock);
        closing.add(other);
        return new ApiClient(other.port(), null);
    }

    /** A new organization with one tenant and its admin key (every permission, secrets included). */
    public Tenant newTenant(String slug) throws SQLException {
        return newTenant(slug, false);
    }

    public Tenant newTenant(String slug, boolean platformAdmin) throws SQLException {
        return bootstrap(slug, platformAdmin, false);
    }

    /** A new organization with one tenant, and a key of the whole organization (tenant_id null). */
    public Tenant newOrganizationWide(String slug) throws SQLException {
        return bootstrap(slug, false, true);
    }

    private Tenant bootstrap(String slug, boolean platformAdmin, boolean organizationWide) throws SQLException {
        Bootstrapper.Result result = new Bootstrapper(database, new SecureRandom(), Clock.systemUTC())
                .bootstrap("Organization " + slug, slug, "admin@" + slug + ".example", platformAdmin, organizationWide);
        return new Tenant(result, new ApiClient(port(), result.apiKey()));
    }

    /** Runs SQL as the schema owner (not subject to row-level security): what is really stored. */
    public List<String> ownerQuery(String sql, Object... parameters) throws SQLException {
        try (Connection c = database.open(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            List<String> out = new ArrayList<>();
            if (st.execute()) {
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        }
    }

    /** {@link #ownerQuery}'s single value, for use inside expressions. */
    public String ownerQueryUnchecked(String sql, Object... parameters) {
        try {
            return ownerQuery(sql, parameters).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bootstrapped organization: its ids and a client holding its admin key. */
    public record Tenant(Bootstrapper.Result ids, ApiClient client) {
        public UUID tenantId() {
            return ids.tenantId();
        }

        public UUID organizationId() {
            return ids.organizationId();
        }
    }
}
