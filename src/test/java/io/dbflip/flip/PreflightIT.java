package io.dbflip.flip;

import io.dbflip.ErrorCode;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.Credentials;
import io.dbflip.config.DnsRecordConfig;
import io.dbflip.config.Hooks;
import io.dbflip.config.Limits;
import io.dbflip.config.Secret;
import io.dbflip.config.SideConfig;
import io.dbflip.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check of {@link Preflight} and the DNS checks, each made to fail on real servers (issue 3
 * item 13): the flip is refused with exit 3 naming the check, and nothing changed: no step ran, A
 * is writable, B fenced and replicating, both zones still name A. Config-side faults use a copy
 * of the cluster's config (records, nothing written); server-side faults are undone after each case.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreflightIT {
    static SandboxFixture f;
    static Faults x;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("preflight");
        x = new Faults(f);
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    /** Flips with {@code cluster} and asserts it was refused by {@code check}, with nothing changed. */
    private static List<String> refused(ClusterConfig cluster, String check) {
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        boolean bWritable = x.writable(b);
        FlipFailedException e = FaultIT.catchFlip(() -> x.flip(cluster, b, FlipListener.NONE));
        assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION);
        List<String> failed = Faults.failedChecks(e);
        assertThat(failed).as("failed checks").anyMatch(n -> n.startsWith(check));
        assertThat(e.getMessage()).contains(check);
        assertThat(e.report().steps()).as("no step ran").isEmpty();
        assertThat(x.writable(a)).as("%s still writable", a).isTrue();
        assertThat(x.writable(b)).as("%s's fence unchanged", b).isEqualTo(bWritable);
        assertThat(Topology.read(f.cluster, f.opener).master().role()).isEqualTo(a);
        assertThat(x.dig(0)).isEqualTo(t.master().host());
        assertThat(x.dig(1)).isEqualTo(t.master().host());
        return failed;
    }

    private static void healthy() {
        x.assertOneMasterAndNothingLost(null, false);
    }

    private static ClusterConfig limits(UnaryOperator<Limits> change) {
        return x.withLimits(change.apply(f.cluster.limits()));
    }

    private static ClusterConfig side(String role, UnaryOperator<SideConfig> change) {
        ClusterConfig c = f.cluster;
        List<SideConfig> sides = c.sides().stream().map(s -> s.role().equals(role) ? change.apply(s) : s).toList();
        return new ClusterConfig(c.name(), c.labels(), sides, c.dns(), c.limits(), c.hooks());
    }

    private static ClusterConfig dns(int zone, UnaryOperator<DnsRecordConfig> change) {
        ClusterConfig c = f.cluster;
        List<DnsRecordConfig> dns = new ArrayList<>(c.dns());
        dns.set(zone, change.apply(dns.get(zone)));
        return new ClusterConfig(c.name(), c.labels(), c.sides(), dns, c.limits(), c.hooks());
    }

    @Test
    @Order(1)
    void everyCheckPassesOnTheHealthySandbox() {
        FlipOperation.Preview[] seen = new FlipOperation.Preview[1];
        // not a dry run (that never asks), but the operator says no: preflight ran, nothing changed
        x.operation(f.cluster).run(new FlipOperation.Options(null, false, f.dir.resolve("reports"), "test"),
                p -> { seen[0] = p; return false; }, FlipListener.NONE);
        assertThat(seen[0].checks()).allMatch(Check::ok);
        assertThat(seen[0].checks()).extracting(Check::name).contains("replication", "lag", "errant transactions",
                "long transactions", "long queries", "reverse: binlog", "reverse: replication user",
                "reverse: binlog retention", "reverse: rds filter", "server ids", "write-through accounts");
    }

    @Test
    @Order(2)
    void replicationStopped() {
        x.sql("aurora", x.replicaVerb("STOP"));
        try {
            assertThat(refused(f.cluster, "replication")).contains("lag");
        } finally {
            x.sql("aurora", x.replicaVerb("START"));
        }
        healthy();
    }

    @Test
    @Order(3)
    void lagOverMaxLag() {
        x.sql("aurora", x.replicaVerb("STOP"), delay(120), x.replicaVerb("START"));
        try {
            x.sql("onprem", "CREATE DATABASE IF NOT EXISTS preflight_lag", "DROP DATABASE preflight_lag");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (lag() < 2 && System.nanoTime() < deadline) {
                Faults.sleep(200);
            }
            assertThat(refused(limits(l -> new Limits(Duration.ofSeconds(1), l.catchUpTimeout(), l.killGrace(),
                    l.maxTtl(), l.longTransaction(), l.lockWaitTimeout())), "lag")).containsExactly("lag");
        } finally {
            x.sql("aurora", x.replicaVerb("STOP"), delay(0), x.replicaVerb("START"));
        }
        healthy();
    }

    private static String delay(int seconds) {
        return x.mysql() ? "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds : "CHANGE MASTER TO MASTER_DELAY = " + seconds;
    }

    private static long lag() {
        Map<String, String> st = x.replicaStatus("aurora");
        String s = st.containsKey("Seconds_Behind_Source") ? st.get("Seconds_Behind_Source") : st.get("Seconds_Behind_Master");
        return s == null ? -1 : Long.parseLong(s);
    }

    @Test
    @Order(4)
    void longTransactionOnA() throws Exception {
        try (Connection c = x.root("onprem"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE DATABASE IF NOT EXISTS preflight");
            s.execute("CREATE TABLE IF NOT EXISTS preflight.t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO preflight.t VALUES (1)");
            Faults.sleep(2500);
            refused(limits(l -> new Limits(l.maxLag(), l.catchUpTimeout(), l.killGrace(), l.maxTtl(),
                    Duration.ofSeconds(1), l.lockWaitTimeout())), "long transactions");
            c.rollback();
        }
        healthy();
    }

    @Test
    @Order(5)
    void longQueryOnB() throws Exception {
        Thread sleeper = new Thread(() -> x.sql("aurora", "SELECT SLEEP(6)"));
        sleeper.start();
        try {
            Faults.sleep(2500);
            refused(limits(l -> new Limits(l.maxLag(), l.catchUpTimeout(), l.killGrace(), l.maxTtl(),
                    Duration.ofSeconds(1), l.lockWaitTimeout())), "long queries");
        } finally {
            sleeper.join();
        }
        healthy();
    }

    @Test
    @Order(6)
    void reverseReplicationUserMissingOnB() {
        refused(side("aurora", s -> new SideConfig(s.role(), s.host(), s.port(), s.flavor(), s.admin(),
                new Credentials("no_such_repl", s.replication().password()), s.appUsers(), s.fence(), s.kill(),
                s.tls(), s.securityGroup())), "reverse: replication user");
        healthy();
    }

    @Test
    @Order(7)
    void binlogRetentionOnBTooShort() {
        // NULL is RDS's default: binlogs purged as soon as possible (the procedure refuses 0)
        x.sql("aurora", "CALL mysql.rds_set_configuration('binlog retention hours', NULL)");
        try {
            refused(f.cluster, "reverse: binlog retention");
        } finally {
            x.sql("aurora", "CALL mysql.rds_set_configuration('binlog retention hours', 24)");
        }
        healthy();
    }

    @Test
    @Order(8)
    void sameServerIds() {
        String bId = x.one("aurora", "SELECT @@server_id");
        String aId = x.one("onprem", "SELECT @@server_id");
        x.sql("aurora", "SET GLOBAL server_id = " + aId);
        try {
            refused(f.cluster, "server ids");
        } finally {
            x.sql("aurora", "SET GLOBAL server_id = " + bId);
        }
        healthy();
    }

    @Test
    @Order(9)
    void dnsRecordMissing() {
        refused(dns(0, r -> new DnsRecordConfig(r.zone(), "no-such-name." + r.zone(), r.type(), r.ttl(), r.provider(),
                r.values())), "dns ");
        healthy();
    }

    @Test
    @Order(10)
    void dnsRecordPointingElsewhere() {
        Map<String, String> values = new LinkedHashMap<>(f.cluster.dns().get(1).values());
        values.put("onprem", f.sandbox.layout().subnet() + "98");
        refused(dns(1, r -> new DnsRecordConfig(r.zone(), r.name(), r.type(), r.ttl(), r.provider(), values)), "dns ");
        healthy();
    }

    @Test
    @Order(11)
    void dnsTtlOverMaxTtl() {
        String aValue = f.side("onprem").host();
        x.setRecord(0, aValue, 300);
        try {
            List<String> failed = refused(f.cluster, "dns ");
            assertThat(failed).hasSize(1);
        } finally {
            x.setRecord(0, aValue, 1);
        }
        healthy();
    }

    @Test
    @Order(12)
    void fencesAndKillNotPermitted() {
        // an onprem admin that may read but not set read_only or end sessions; an app user B lacks
        String weak = x.mysql() ? "SELECT, PROCESS, REPLICATION CLIENT"
                : "SELECT, PROCESS, REPLICATION CLIENT, SLAVE MONITOR, BINLOG MONITOR";
        x.sql("onprem", "SET SESSION sql_log_bin = 0", "CREATE USER IF NOT EXISTS 'weak_admin'@'%' IDENTIFIED BY 'weak-pw-1'",
                "GRANT " + weak + " ON *.* TO 'weak_admin'@'%'");
        x.sql("aurora", "SET SESSION sql_log_bin = 0", "CREATE USER IF NOT EXISTS 'weak_admin'@'%' IDENTIFIED BY 'weak-pw-1'",
                "GRANT " + weak + " ON *.* TO 'weak_admin'@'%'");
        try {
            ClusterConfig weakA = side("onprem", s -> new SideConfig(s.role(), s.host(), s.port(), s.flavor(),
                    new Credentials("weak_admin", Secret.literal("weak-pw-1")), s.replication(), s.appUsers(), s.fence(),
                    s.kill(), s.tls(), s.securityGroup()));
            List<String> failed = refused(weakA, "fence onprem");
            assertThat(failed).contains("fence onprem (read-only)", "kill on onprem (kill)");
            ClusterConfig ghostOnB = side("aurora", s -> {
                List<Credentials> apps = new ArrayList<>(s.appUsers());
                apps.add(new Credentials("ghost_app", Secret.literal("ghost-pw")));
                return new SideConfig(s.role(), s.host(), s.port(), s.flavor(), s.admin(), s.replication(), apps,
                        s.fence(), s.kill(), s.tls(), s.securityGroup());
            });
            refused(ghostOnB, "fence aurora");
        } finally {
            x.sql("onprem", "SET SESSION sql_log_bin = 0", "DROP USER IF EXISTS 'weak_admin'@'%'");
            x.sql("aurora", "SET SESSION sql_log_bin = 0", "DROP USER IF EXISTS 'weak_admin'@'%'");
        }
        healthy();
    }

    @Test
    @Order(13)
    void appAccountWritesThroughReadOnly() {
        // MySQL: CONNECTION_ADMIN is what lets an account write through read_only (SUPER is deprecated)
        String privilege = x.mysql() ? "CONNECTION_ADMIN" : "SUPER";
        x.sql("onprem", "SET SESSION sql_log_bin = 0", "GRANT " + privilege + " ON *.* TO 'app'@'%'");
        try {
            refused(f.cluster, "write-through accounts");
        } finally {
            x.sql("onprem", "SET SESSION sql_log_bin = 0", "REVOKE " + privilege + " ON *.* FROM 'app'@'%'");
        }
        healthy();
    }

    @Test
    @Order(14)
    void hookNotExecutable() {
        ClusterConfig c = f.cluster;
        refused(new ClusterConfig(c.name(), c.labels(), c.sides(), c.dns(), c.limits(),
                new Hooks(List.of(f.dir.resolve("no-such-hook.sh").toString()), List.of())), "hooks");
        healthy();
    }

    /** Needs B restarted without log_slave_updates (not dynamic); restarted as the sandbox runs it after. */
    @Test
    @Order(15)
    void reverseBinlogWithoutLogSlaveUpdates() {
        var l = x.layout("aurora");
        boolean mysql = x.mysql();
        x.process("aurora").stop();
        List<String> opts = new ArrayList<>(x.auroraOptions());
        opts.add(mysql ? "--log-replica-updates=OFF" : "--log-slave-updates=OFF");
        SandboxServer b = SandboxServer.start(l.label(), l.dir(), l.host(), l.port(), l.serverId(), opts);
        try {
            x.sql("aurora", x.replicaVerb("START"));
            refused(f.cluster, "reverse: binlog");
        } finally {
            b.stop();
            x.restart("aurora");
            x.sql("aurora", x.replicaVerb("START"));
        }
        healthy();
    }

    /**
     * Issue 14: the DNS server down before the flip is a preflight refusal (exit 3) that changes
     * nothing, and `status` then names no rollback. The CLI as its own process, BIND stopped.
     * Before: exit 1, and status named `rollback` for a flip that changed nothing.
     */
    @Test
    @Order(15)
    void dnsServerDownBeforeTheFlipIsARefusalAndStatusNamesNoRollback() throws Exception {
        java.nio.file.Path jar = java.nio.file.Path.of("target", "dbflip.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(jar), "target/dbflip.jar is built by mvn package");
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        boolean bWritable = x.writable(b);
        ProcessHandle bind = ProcessHandle.of(x.dnsPid()).orElseThrow();
        bind.destroy();
        bind.onExit().join();
        try {
            Cli flip = cli("flip", f.cluster.name(), "--to", b, "--yes");
            assertThat(flip.exit).as(flip.out).isEqualTo(3);
            assertThat(flip.out).contains("preflight refused").contains("dns ");
            assertThat(x.writable(a)).as("%s still writable", a).isTrue();
            assertThat(x.writable(b)).as("%s's fence unchanged", b).isEqualTo(bWritable);
            Cli status = cli("status");
            assertThat(status.out).as(status.out).doesNotContain("dbflip rollback").doesNotContain("did not finish");
            try (io.dbflip.journal.Journal j = io.dbflip.journal.Journals.open(f.dir.resolve("journal").toString(), null)) {
                assertThat(j.unfinished(f.cluster.name())).as("no unfinished flip in the journal").isEmpty();
            }
        } finally {
            // BIND back as the sandbox starts it (up is idempotent: it restarts only what is down)
            io.dbflip.sandbox.Sandbox.up(f.sandbox.dir(), io.dbflip.sandbox.SandboxOptions.defaults());
        }
        assertThat(x.dig(0)).isEqualTo(t.master().host());
        healthy();
    }

    private record Cli(int exit, String out) {
    }

    private static Cli cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(FaultIT.java(), "-jar", "target/dbflip.jar"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", f.sandbox.configFile().toString(), "--journal", f.dir.resolve("journal").toString()));
        java.nio.file.Path out = java.nio.file.Files.createTempFile(f.dir, "cli-", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Cli(p.exitValue(), java.nio.file.Files.readString(out));
    }

    /** Last two: an errant transaction stays in B's GTID state for good. A DDL of B's own first. */
    @Test
    @Order(16)
    void errantDdlOnB() {
        x.sql("aurora", "CREATE DATABASE IF NOT EXISTS errant_on_b");
        refused(f.cluster, "errant transactions");
    }

    @Test
    @Order(17)
    void errantRowOnB() {
        x.sql("aurora", "CREATE TABLE IF NOT EXISTS errant_on_b.t (id INT PRIMARY KEY)", "INSERT INTO errant_on_b.t VALUES (1)");
        refused(f.cluster, "errant transactions");
    }
}
