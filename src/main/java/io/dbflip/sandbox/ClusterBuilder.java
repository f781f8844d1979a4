package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.backup.BackupLocation;
import io.dbflip.backup.BackupRunner;
import io.dbflip.mysql.Dialects;
import io.dbflip.mysql.Flavor;
import io.dbflip.mysql.ReplicationStatus;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Builds (or finishes building) one sandbox cluster, step by step; each step is skipped when a
 * marker file says it is done, so {@code up} on a half-built cluster resumes where it stopped:
 * <ol>
 *   <li>onprem-a and onprem-r start from the template datadir;</li>
 *   <li>onprem-a gets the accounts and sample data;</li>
 *   <li>onprem-r replicates from A's first binlog (both came from the same template, so A's
 *       whole binlog is exactly what R lacks) and catches up;</li>
 *   <li>MySQL: aurora-b is a clone of R (the CLONE plugin), stripped of what Aurora's import drops,
 *       given the RDS layer, and set replicating from A with
 *       mysql.rds_set_external_source_with_auto_position: the clone carries R's GTID set;</li>
 *   <li>MariaDB: aurora-b is seeded through the sandbox's S3 server: {@code dbflip backup}'s code takes a
 *       mariabackup of R with --slave-info to s3://dbflip-sandbox/seed/CLUSTER, {@code dbflip restore}'s
 *       code restores it into B's datadir ({@link S3Seed}); B is stripped of what Aurora's import drops,
 *       given the RDS layer, and set replicating from A with mysql.rds_set_external_master at the
 *       coordinates read back from the backup's coordinates.txt in S3.</li>
 * </ol>
 */
final class ClusterBuilder {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private final Sandbox sandbox;
    private final SandboxLayout.ClusterLayout c;
    private final SandboxOptions options;

    ClusterBuilder(Sandbox sandbox, SandboxLayout.ClusterLayout c, SandboxOptions options) {
        this.sandbox = sandbox;
        this.c = c;
        this.options = options;
    }

    void build() {
        CompletableFuture<SandboxServer> ra = CompletableFuture.supplyAsync(() -> ensureServer(c.onpremA(), List.of()));
        SandboxServer r = Concurrency.whileOthersRun(() -> ensureServer(c.onpremR(), List.of()), BOUND, ra);
        SandboxServer a = Concurrency.join(ra, "starting " + c.onpremA().label());
        step(a, "loaded", () -> loadMaster(a));
        replicateR(a, r);
        Path seedDir = c.dir().resolve("seed");
        if (!Files.exists(c.auroraB().dir().resolve("seeded"))) {
            if (engine() == Engine.MYSQL) {
                cloneSeed(r);
            } else {
                seed(r, seedDir);
            }
        }
        SandboxServer b = ensureServer(c.auroraB(), auroraOptions());
        step(b, "aurora", () -> makeAuroraLike(b));
        if (!FlippedTopology.leaveAsIs(a, b, options.progress())) {
            replicateB(a, b, seedDir);
        }
    }

    private Engine engine() {
        return options.engine();
    }

    /**
     * As Aurora's parameter group must: an admin without SUPER may then create functions and
     * triggers; the event scheduler runs the heartbeat; on MySQL, Aurora's binlog names.
     */
    private List<String> auroraOptions() {
        List<String> o = new ArrayList<>(List.of("--event-scheduler=ON", "--log-bin-trust-function-creators=1"));
        if (engine() == Engine.MYSQL) {
            o.add("--log-bin=mysql-bin-changelog");
        }
        return o;
    }

    private SandboxServer ensureServer(SandboxLayout.ServerLayout s, List<String> serverOptions) {
        List<String> extra = new ArrayList<>(serverOptions);
        if (layout().tls()) {
            extra.addAll(SandboxTls.serverOptions(layout(), s));
        }
        SandboxServer m = SandboxServer.attach(s.label(), s.dir(), s.host(), s.port());
        if (m != null && Processes.ours(m.pid(), s.dir())) {
            return m;
        }
        long t = System.nanoTime();
        m = SandboxServer.start(engine(), s.label(), s.dir(), s.host(), s.port(), s.serverId(), extra);
        sandbox.recordPid(s.label(), m.pid());
        options.progress().accept(String.format("%s up in %.1f s (%s, server_id %d)", s.label(),
                (System.nanoTime() - t) / 1e9, s.address(), s.serverId()));
        return m;
    }

    private interface Step {
        void run() throws SQLException, IOException;
    }

    private void step(SandboxServer m, String marker, Step step) {
        Path f = m.dir().resolve(marker);
        if (Files.exists(f)) {
            return;
        }
        long t = System.nanoTime();
        try {
            step.run();
            Files.writeString(f, "done\n");
        } catch (SQLException | IOException e) {
            throw DbflipException.failed(m.name() + ": step '" + marker + "' failed: " + e.getMessage(), e);
        }
        options.progress().accept(String.format("%s %s in %.1f s", m.name(), marker, (System.nanoTime() - t) / 1e9));
    }

    private void loadMaster(SandboxServer a) throws SQLException {
        List<String> sql = new ArrayList<>(SampleData.accounts(engine(), pw(SandboxConfig.ONPREM_ADMIN),
                pw(SandboxConfig.REPL), pw(SandboxConfig.APP), pw(SandboxConfig.APP_RO)));
        sql.addAll(SampleData.schemas(engine()));
        try (Connection conn = a.rootConnection()) {
            SandboxSql.execute(conn, a.name() + ": loading accounts and sample data", sql);
        }
    }

    private void replicateR(SandboxServer a, SandboxServer r) {
        try (Connection ca = a.rootConnection(); Connection cr = r.rootConnection()) {
            ReplicationStatus st = SandboxSql.replicaStatus(cr);
            if (st == null && engine() == Engine.MYSQL) {
                // both came from one template with no GTIDs: auto-position fetches all of A's
                SandboxSql.executeSql(cr, r.name() + ": replicating from " + a.address(), SandboxSql.setupReplicationWithGtid(
                        engine().flavor(), a.host(), a.port(), "repl", pw(SandboxConfig.REPL), replicationCa()));
            } else if (st == null) {
                String first = SandboxSql.firstBinlog(ca);
                SandboxSql.executeSql(cr, r.name() + ": replicating from " + a.address(), SandboxSql.setupReplication(
                        engine().flavor(), a.host(), a.port(), "repl", pw(SandboxConfig.REPL), first, 4, replicationCa()));
            } else if (!SandboxSql.running(st)) {
                SandboxSql.executeSql(cr, r.name() + ": starting replication", SandboxSql.startReplica(engine().flavor()));
            }
            SandboxSql.awaitReplicating(cr, r.name(), BOUND);
            SandboxSql.awaitCaughtUp(ca, cr, r.name(), BOUND);
        } catch (SQLException e) {
            throw DbflipException.failed(r.name() + ": cannot connect: " + e.getMessage(), e);
        }
    }

    /** dbflip backup of R → the sandbox's S3 → dbflip restore into B's datadir; B must not run meanwhile. */
    private void seed(SandboxServer r, Path seedDir) {
        long t = System.nanoTime();
        SandboxLayout.ServerLayout bl = c.auroraB();
        SandboxServer old = SandboxServer.attach(bl.label(), bl.dir(), bl.host(), bl.port());
        if (old != null && Processes.ours(old.pid(), bl.dir())) {
            old.stop();
        }
        String location = sandbox.layout().seedLocation(c);
        try (S3Client s3 = sandbox.s3Server().client()) {
            SandboxServer.deleteTree(bl.dir());
            S3Seed.Report report = withPlainClients(r, () -> S3Seed.run(s3, location, r, bl.dir().resolve("data"), seedDir));
            Files.writeString(bl.dir().resolve("seeded"), report.coordinates());
            options.progress().accept(String.format("%s seeded through S3 in %.1f s: %s", bl.label(),
                    (System.nanoTime() - t) / 1e9, report.describe()));
        } catch (IOException e) {
            throw DbflipException.failed(bl.label() + ": seeding through " + location + " from a backup of " + r.name()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * MySQL: B starts empty from the template, clones R and stops; it is started again on the copy
     * by {@link #build}. What the clone copied is kept in B's dir ("seeded") for replicateB and the report.
     */
    private void cloneSeed(SandboxServer r) {
        SandboxLayout.ServerLayout bl = c.auroraB();
        SandboxServer old = SandboxServer.attach(bl.label(), bl.dir(), bl.host(), bl.port());
        if (old != null && Processes.ours(old.pid(), bl.dir())) {
            old.stop();
        }
        try {
            SandboxServer.deleteTree(bl.dir());
            SandboxServer empty = ensureServer(bl, auroraOptions());
            double seconds = CloneSeed.run(r, empty);
            SandboxServer b = ensureServer(bl, auroraOptions());
            CloneSeed.Report report = CloneSeed.report(b, r.address(), seconds);
            Files.writeString(bl.dir().resolve("seeded"), report.coordinates());
            options.progress().accept(bl.label() + " seeded from " + r.name() + ": " + report.describe());
        } catch (IOException e) {
            throw DbflipException.failed(bl.label() + ": seeding by CLONE from " + r.name() + " failed: " + e.getMessage(), e);
        }
    }

    private void makeAuroraLike(SandboxServer b) throws SQLException {
        try (Connection cb = b.rootConnection()) {
            Flavor plain = engine().flavor();
            List<String> reset = new ArrayList<>(List.of("SET SESSION sql_log_bin = 0"));
            Dialects.of(plain).resetReplica().forEach(q -> reset.add(q.text()));
            SandboxSql.execute(cb, b.name() + ": binlog off", reset);
            List<String> sql = new ArrayList<>(AuroraLike.stripImport(engine(), cb));
            sql.addAll(AuroraLike.install(engine(), pw(SandboxConfig.AURORA_ADMIN), pw(SandboxConfig.REPL)));
            SandboxSql.execute(cb, b.name() + ": making it Aurora-like", sql);
        }
    }

    /** As on Aurora: the master user calls mysql.rds_set_external_master with the backup's coordinates. */
    private void replicateB(SandboxServer a, SandboxServer b, Path seedDir) {
        try (Connection ca = a.rootConnection(); Connection root = b.rootConnection();
             Connection admin = SandboxSql.connect(b.host(), b.port(), AuroraLike.ADMIN, pw(SandboxConfig.AURORA_ADMIN))) {
            ReplicationStatus st = SandboxSql.replicaStatus(root);
            if (st == null && engine() == Engine.MYSQL) {
                // as `dbflip replicate` does with a GTID copy: B's gtid_executed is what the clone copied, so
                // auto-position starts right after it; the master user cannot set gtid_purged, and need not
                String copied = Files.readString(b.dir().resolve("seeded")).split("\t", -1)[2].strip();
                String has = SandboxSql.row(root, "SELECT @@GLOBAL.gtid_executed AS g").get("g").replace("\n", "");
                if (!copied.isEmpty() && !"1".equals(SandboxSql.row(root, "SELECT GTID_SUBSET(" + SandboxSql.quote(copied)
                        + ", " + SandboxSql.quote(has) + ") AS s").get("s"))) {
                    throw DbflipException.failed(b.name() + ": its GTID set " + has + " lacks what the clone copied ("
                            + copied + ")");
                }
                SandboxSql.execute(admin, b.name() + ": binlog retention",
                        List.of("CALL mysql.rds_set_configuration('binlog retention hours', 24)"));
                SandboxSql.executeSql(admin, b.name() + ": mysql.rds_set_external_source_with_auto_position to "
                        + a.address(), SandboxSql.setupReplicationWithGtid(engine().managedFlavor(), a.host(), a.port(),
                        "repl", pw(SandboxConfig.REPL), replicationCa()));
            } else if (st == null) {
                // as `dbflip replicate --from s3://…` does: the coordinates come back from the backup's coordinates.txt
                String location = sandbox.layout().seedLocation(c) + "/" + BackupRunner.COORDINATES;
                String text;
                try (S3Client s3 = sandbox.s3Server().client()) {
                    text = BackupLocation.readCoordinates(s3, sandbox.layout().seedLocation(c));
                }
                Seeder.Coordinates co = Seeder.coordinates(text, location);
                // as `dbflip import` does on Aurora: keep binlogs long enough to replicate back
                SandboxSql.execute(admin, b.name() + ": binlog retention",
                        List.of("CALL mysql.rds_set_configuration('binlog retention hours', 24)"));
                SandboxSql.executeSql(admin, b.name() + ": mysql.rds_set_external_master to " + a.address(),
                        SandboxSql.setupReplication(engine().managedFlavor(), a.host(), a.port(), "repl",
                                pw(SandboxConfig.REPL), co.file(), co.position(), replicationCa()));
            } else if (!SandboxSql.running(st)) {
                SandboxSql.executeSql(admin, b.name() + ": mysql.rds_start_replication",
                        SandboxSql.startReplica(engine().managedFlavor()));
            }
            SandboxSql.awaitReplicating(root, b.name(), BOUND);
            SandboxSql.awaitCaughtUp(ca, root, b.name(), BOUND);
        } catch (SQLException | IOException e) {
            throw DbflipException.failed(b.name() + ": setting up replication from " + a.name() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private interface Io<T> {
        T get() throws IOException;
    }

    /**
     * dbflip backup (the S3 seed) has no TLS settings yet: on a TLS sandbox the replica it backs up lets
     * plain clients in while it runs (loopback only), and requires TLS again after.
     */
    private <T> T withPlainClients(SandboxServer r, Io<T> work) throws IOException {
        if (!layout().tls()) {
            return work.get();
        }
        r.execute("SET GLOBAL require_secure_transport = OFF");
        try {
            return work.get();
        } finally {
            r.execute("SET GLOBAL require_secure_transport = ON");
        }
    }

    private SandboxLayout layout() {
        return sandbox.layout();
    }

    /** The CA file replicas verify their master against, or null without TLS. */
    private String replicationCa() {
        return layout().tls() ? layout().caFile().toString() : null;
    }

    private String pw(String name) {
        return sandbox.secret(name);
    }
}
