package com.aybiza.service;

import com.aybiza.service.audit.AuditTrail;
import com.aybiza.service.auth.ApiKeyAuthenticator;
import com.aybiza.service.auth.ApiKeyTokens;
import com.aybiza.service.auth.ExpiredWindowSweep;
import com.aybiza.service.auth.RateLimiter;
import com.aybiza.service.catalog.Catalog;
import com.aybiza.service.catalog.CatalogReader;
import com.aybiza.service.catalog.ExposedTables;
import com.aybiza.service.crud.ColumnValues;
import com.aybiza.service.crud.RowReads;
import com.aybiza.service.crud.RowWrites;
import com.aybiza.service.crud.SecretFields;
import com.aybiza.service.crypto.DataKeyRing;
import com.aybiza.service.crypto.FieldCipher;
import com.aybiza.service.crypto.MasterKey;
import com.aybiza.service.crypto.PasswordHasher;
import com.aybiza.service.errors.SqlErrorTranslator;
import com.aybiza.service.http.CollectionRoutes;
import com.aybiza.service.http.JsonMapper;
import com.aybiza.service.http.RequestPipeline;
import com.aybiza.service.openapi.OpenApiDocument;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running service: checks the database is ready for it, reads the catalog, wires the components and serves
 * HTTP until closed. {@link #start} with a {@link ServiceConfig}; everything else comes from there.
 */
public final class CrudService implements AutoCloseable {

    /** How often each instance deletes idle keys' past rate-limit windows: none outlives its end by more. */
    private static final long SWEEP_INTERVAL_MINUTES = 60;

    private final ConnectionPool pool;
    private final Javalin app;
    private final ScheduledExecutorService sweeps;
    private final AutoCloseable ownedMasterKey;

    private CrudService(ConnectionPool pool, Javalin app, ScheduledExecutorService sweeps, AutoCloseable ownedMasterKey) {
        this.pool = pool;
        this.app = app;
        this.sweeps = sweeps;
        this.ownedMasterKey = ownedMasterKey;
    }

    /** Opens the configured master key (and closes it with the service). */
    public static CrudService start(ServiceConfig config) throws SQLException, IOException {
        MasterKey masterKey = config.masterKey().open(new SecureRandom());
        try {
            return start(config, masterKey, Clock.systemUTC(), masterKey);
        } catch (SQLException | RuntimeException e) {
            masterKey.close();
            throw e;
        }
    }

    /** With a master key the caller owns and closes. */
    public static CrudService start(ServiceConfig config, MasterKey masterKey, Clock clock) throws SQLException {
        return start(config, masterKey, clock, () -> { });
    }

    private static CrudService start(ServiceConfig config, MasterKey masterKey, Clock clock, AutoCloseable owned)
            throws SQLException {
        SecureRandom random = new SecureRandom();
        ObjectMapper json = JsonMapper.create();
        ConnectionPool pool = new ConnectionPool(config.database(), config.poolSize());
        try {
            Catalog catalog;
            try (Connection c = pool.connection()) {
                checkReady(c);
                DataKeyRing.checkMasterKey(c, masterKey, random);
                catalog = new CatalogReader().read(c, ExposedTables.ALL);
                c.rollback();
            }
            ColumnValues values = new ColumnValues(json);
            SecretFields secrets = new SecretFields(new DataKeyRing(masterKey, random), new FieldCipher(random), json);
            RowReads reads = new RowReads(json, values, secrets);
            RowWrites writes = new RowWrites(json, reads, values, secrets, new PasswordHasher(random),
                    new ApiKeyTokens(random), random, clock);
            RequestPipeline pipeline = new RequestPipeline(pool, catalog,
                    new ApiKeyAuthenticator(json, new RateLimiter(clock), clock), new AuditTrail(json),
                    new SqlErrorTranslator(catalog), json, config.maxBodyBytes());
            byte[] openApi = OpenApiDocument.of(catalog, json).toString().getBytes(StandardCharsets.UTF_8);

            Javalin app = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                // Our own reader enforces the limit (BoundedBody); Javalin's stays above it as a backstop.
                javalin.http.maxRequestSize = config.maxBodyBytes() + 1;
            });
            app.get("/health", ctx -> {
                boolean up = databaseUp(pool);
                ctx.status(up ? 200 : 503).contentType("application/json")
                        .result(up ? "{\"status\":\"ok\"}" : "{\"status\":\"database unreachable\"}");
            });
            app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            new CollectionRoutes(pipeline, reads, writes, json).register(app);
            app.error(404, ctx -> {
                if (ctx.result() == null) {
                    ctx.contentType("application/json").result("{\"error\":{\"code\":\"not_found\",\"message\":\"no such endpoint\"}}");
                }
            });
            app.start(config.bindAddress(), config.port());
            ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "rate-limit-window-sweep");
                thread.setDaemon(true);
                return thread;
            });
            sweeps.scheduleWithFixedDelay(new ExpiredWindowSweep(pool, clock), 0, SWEEP_INTERVAL_MINUTES,
                    TimeUnit.MINUTES);
            return new CrudService(pool, app, sweeps, owned);
        } catch (RuntimeException | SQLException e) {
            pool.close();
            throw e;
        }
    }

    /** Fails fast, with the fix, when the database lacks the migration or the login cannot take the request roles. */
    private static void checkReady(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT to_regclass('keyring.data_keys') IS NOT NULL
                       AND to_regclass('ratelimit.api_key_request_windows') IS NOT NULL,
                       pg_has_role(current_user, 'application_role', 'MEMBER')
                       AND pg_has_role(current_user, 'admin_role', 'MEMBER'),
                       current_user""")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException(
                        "the database lacks the service's migrations (V42, V44): run bin/aybiza migrate");
            }
            if (!rs.getBoolean(2)) {
                throw new IllegalStateException("the login " + rs.getString(3) + " must be able to act as "
                        + "application_role and admin_role: GRANT application_role, admin_role TO " + rs.getString(3));
            }
        }
    }

    private static boolean databaseUp(ConnectionPool pool) {
        try (Connection c = pool.connection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        sweeps.shutdownNow();
        app.stop();
        pool.close();
        try {
            ownedMasterKey.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the master key's client failed", e);
        }
    }
}
