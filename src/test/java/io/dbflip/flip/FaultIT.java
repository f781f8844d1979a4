package io.dbflip.flip;

import io.dbflip.ErrorCode;
import io.dbflip.config.Limits;
import io.dbflip.sandbox.SandboxServer;
import io.dbflip.sandbox.Sandbox;
import io.dbflip.sandbox.SandboxOptions;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 4's fault cases b–f on one sandbox: a fault injected at a step boundary through a
 * {@link FlipListener}, a probe writing through DNS throughout, and every case ending with the same
 * invariants ({@link Faults#assertOneMasterAndNothingLost}): one writable master, the other side
 * fenced and replicating from it without error, 0 lost acknowledged writes, 0 one-sided rows.
 * Each case leaves the sandbox healthy for the next.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
    static SandboxFixture f;
    static Faults x;
    Probe probe;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("faults");
        x = new Faults(f);
        x.sql("onprem", "CREATE DATABASE IF NOT EXISTS faults",
                "CREATE TABLE IF NOT EXISTS faults.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "GRANT ALL ON faults.* TO 'app'@'%'");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @AfterEach
    void stopProbe() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }

    private Probe startProbe(String name) {
        probe = f.probe(name, 200).start();
        Faults.sleep(500);
        return probe;
    }

    private static Topology topology() {
        return Topology.read(f.cluster, f.opener);
    }

    // ---- b. a frozen, a killed replica; a killed master -------------------------------------------

    @Test
    @Order(1)
    void replicaFrozenDuringCatchUpRollsBackWithinTheBound() {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        SandboxServer bServer = x.process(b);
        startProbe("frozen-b");
        FlipListener freeze = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 7) {
                    bServer.freeze();
                }
            }
        };
        FlipReport report;
        try {
            FlipFailedException e = catchFlip(() -> f.flip(b, freeze));
            report = e.report();
        } finally {
            bServer.thaw();
        }
        assertThat(report.outcome()).isEqualTo("rolled-back");
        // Step 7, the first that waits on the frozen B, fails within its client-side bound (a frozen B answers
        // nothing; the driver's socket timeout is 60 s): catch_up_timeout (5 s here) + 2 s. freeze() returns only
        // once B's threads are all stopped: before, a `kill -STOP` that had not run yet let step 7 come back ok
        // on a loaded CI machine (step 8 or 10 failed instead).
        StepRecord failed = report.steps().stream()
                .filter(s -> s.result() == io.dbflip.journal.StepResult.FAILED).findFirst().orElseThrow();
        System.out.println("frozen B: step " + failed.no() + " failed after " + failed.millis() + " ms");
        assertThat(failed.no()).isEqualTo(7);
        assertThat(failed.millis()).isLessThan(f.cluster.limits().catchUpTimeout().toMillis() + 5_000);
        assertThat(x.writable(a)).isTrue();
        // the DNS change went out right after the fence, beside steps 4-8: the rollback put it back although
        // step 9 never started
        assertThat(report.steps()).anyMatch(s -> s.name().contains("DNS back to A") && s.result() == io.dbflip.journal.StepResult.UNDONE);
        assertThat(x.dig(0)).isEqualTo(t.master().host());
        assertThat(x.dig(1)).isEqualTo(t.master().host());
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(a);
    }

    @Test
    @Order(2)
    void replicaKilledDuringCatchUpRollsBackAndReplicatesAfterRestart() {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        SandboxServer bServer = x.process(b);
        startProbe("killed-b");
        FlipFailedException e = catchFlip(() -> f.flip(b, new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 7) {
                    bServer.kill();
                }
            }
        }));
        assertThat(e.report().outcome()).isEqualTo("rolled-back");
        assertThat(x.writable(a)).isTrue();
        x.restart(b);
        // the sandbox's servers start with --skip-slave-start, as a replica restarted by hand would
        x.sql(b, x.replicaVerb("START"));
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(a);
    }

    @Test
    @Order(3)
    void masterKilledAfterTheFenceFailsThenRestartedMasterTakesWritesAgain() {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        SandboxServer aServer = x.process(a);
        startProbe("killed-a");
        try {
            FlipFailedException e = catchFlip(() -> f.flip(b, new FlipListener() {
                @Override
                public void beforeStep(int no, String name) {
                    if (no == 4) {
                        aServer.kill();
                    }
                }
            }));
            // A cannot be unfenced while it is down, and B was never unfenced: no side takes writes, and
            // dbflip says so instead of claiming A is the writable master
            assertThat(e.report().outcome()).isEqualTo("rollback-failed");
            assertThat(e.getMessage()).contains("rollback incomplete").contains("dbflip rollback " + f.cluster.name());
            assertThat(x.writable(b)).isFalse();
        } finally {
            if (!aServer.alive()) {
                x.restart(a);
            }
        }
        // read_only is not persistent: A restarts unfenced (an account-lock fence would persist,
        // and `dbflip rollback` lifts either); B's IO thread would retry only after master_connect_retry
        if (!x.writable(a)) {
            x.sql(a, "SET GLOBAL read_only = 0");
        }
        x.sql(b, x.replicaVerb("STOP"), x.replicaVerb("START"));
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(a);
    }

    // ---- c. DNS ----------------------------------------------------------------------------------

    @Test
    @Order(4)
    void dnsServerStoppedBeforeTheDnsStepRollsBackWithNoDnsChange() {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        String aValue = t.master().host();
        long dnsPid = x.dnsPid();
        startProbe("dns-down");
        FlipFailedException e = catchFlip(() -> f.flip(b, new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                // the DNS change goes out right after the fence (step 3), beside steps 4-8: stop BIND before it
                if (no == 3) {
                    ProcessHandle h = ProcessHandle.of(dnsPid).orElseThrow();
                    h.destroy();
                    h.onExit().join();
                }
            }
        }));
        assertThat(e.report().outcome()).isEqualTo("rolled-back");
        assertThat(e.report().steps()).anyMatch(s -> s.no() == 9 && s.result() == io.dbflip.journal.StepResult.FAILED);
        assertThat(x.writable(a)).isTrue();
        assertThat(x.writable(b)).isFalse();
        // BIND back as the sandbox starts it (up is idempotent: it restarts only what is down)
        Sandbox.up(f.sandbox.dir(), SandboxOptions.defaults());
        assertThat(x.dig(0)).isEqualTo(aValue);
        assertThat(x.dig(1)).isEqualTo(aValue);
        // the probe could not resolve while BIND was down: stop it only after it wrote again
        Faults.sleep(1000);
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(a);
    }

    @Test
    @Order(5)
    void secondZoneRefusingTheUpdateRevertsTheFirstAndRollsBack() {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        String aValue = t.master().host();
        String elsewhere = f.sandbox.layout().subnet() + "99";
        startProbe("zone-refuses");
        try {
            FlipFailedException e = catchFlip(() -> f.flip(b, new FlipListener() {
                @Override
                public void beforeStep(int no, String name) {
                    if (no == 3) {
                        // another tool changed the record (before the fence: the change goes out right after it): dbflip's prerequisite (the old value) fails there
                        x.setRecord(1, elsewhere);
                    }
                }
            }));
            assertThat(e.report().outcome()).isEqualTo("rolled-back");
            assertThat(x.dig(0)).as("the first zone reverted").isEqualTo(aValue);
            assertThat(x.dig(1)).as("the second zone keeps what its owner set").isEqualTo(elsewhere);
            assertThat(x.writable(a)).isTrue();
        } finally {
            x.setRecord(1, aValue);
        }
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(a);
    }

    // ---- d. broken replication -------------------------------------------------------------------

    @Test
    @Order(6)
    void brokenReplicationIsRefusedByPreflight() {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        breakReplication(a, b, 6);
        try {
            FlipFailedException e = catchFlip(() -> f.flip(b, FlipListener.NONE));
            assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(Faults.failedChecks(e)).contains("replication");
            assertThat(e.report().steps()).isEmpty();
            assertThat(x.writable(a)).isTrue();
            assertThat(x.writable(b)).isFalse();
        } finally {
            repairReplication(b, 6);
        }
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(a);
    }

    @Test
    @Order(7)
    void replicationBrokenAfterTheCatchUpRollsBack() {
        assumeAPrivilegedAccountWritesThroughTheFence();
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        startProbe("broken-after-catch-up");
        try {
            FlipFailedException e = catchFlip(() -> f.flip(b, new FlipListener() {
                @Override
                public void beforeStep(int no, String name) {
                    if (no == 8) {
                        breakReplication(a, b, 7);
                    }
                }
            }));
            assertThat(e.report().outcome()).isEqualTo("rolled-back");
            assertThat(e.getMessage()).contains("Duplicate entry");
            assertThat(x.writable(a)).isTrue();
            assertThat(x.writable(b)).isFalse();
        } finally {
            repairReplication(b, 7);
        }
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(a);
    }

    @Test
    @Order(8)
    void replicationBrokenAfterBsPositionWasReadCompletesAndReportsIt() {
        assumeAPrivilegedAccountWritesThroughTheFence();
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        startProbe("broken-after-position");
        FlipReport report = f.flip(b, new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 9) {
                    breakReplication(a, b, 8);
                }
            }
        });
        // past step 8 B has every acknowledged client write (A's final position): the flip goes on,
        // and the report names the post-fence event B could not apply
        assertThat(report.outcome()).isEqualTo("completed");
        assertThat(report.notes()).anyMatch(n -> n.contains("Duplicate entry") && n.contains(a));
        // reconcile as the note asks: B takes A's row under A's GTID, so B's GTID state covers it
        // (without this the next flip's preflight refuses: "errant transactions" on A)
        String aId = x.one(a, "SELECT @@server_id");
        String gtid = java.util.Arrays.stream(x.one(a, "SELECT @@global.gtid_binlog_state").split(","))
                .map(String::trim).filter(g -> g.split("-")[1].equals(aId)).findFirst().orElseThrow();
        x.sql(b, "SET SESSION server_id = " + aId + ", gtid_domain_id = " + gtid.split("-")[0]
                        + ", gtid_seq_no = " + gtid.split("-")[2], "UPDATE faults.t SET v = 'on " + a + "' WHERE id = 8");
        assertThat(x.one(b, "SELECT v FROM faults.t WHERE id = 8")).isEqualTo("on " + a);
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(b);
    }

    /**
     * d2 and d3 need a privileged account that writes through A's fence: on MariaDB read_only lets
     * root through; MySQL's super_read_only lets no one through, so the fault cannot happen there.
     */
    private static void assumeAPrivilegedAccountWritesThroughTheFence() {
        org.junit.jupiter.api.Assumptions.assumeFalse(x.mysql() && "read-only".equals(topology().master().fence()),
                "MySQL: super_read_only lets no account write through the fence");
    }

    /** A row on B written with binlog off, then the same key on A as root (through any fence): B's SQL thread stops. */
    private static void breakReplication(String a, String b, int id) {
        x.sql(b, "SET SESSION sql_log_bin = 0", "INSERT INTO faults.t VALUES (" + id + ", 'on " + b + "')");
        x.sql(a, "INSERT INTO faults.t VALUES (" + id + ", 'on " + a + "')");
        assertThat(x.awaitReplicationError(b, Duration.ofSeconds(20))).startsWith("1062: "); // ER_DUP_ENTRY
    }

    private static void repairReplication(String b, int id) {
        x.sql(b, "SET SESSION sql_log_bin = 0", "DELETE FROM faults.t WHERE id = " + id);
        x.sql(b, x.replicaVerb("START"));
    }

    // ---- e. long transactions --------------------------------------------------------------------

    @Test
    @Order(9)
    void longTransactionOnAIsRefusedByPreflight() throws Exception {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        Limits l = f.cluster.limits();
        var cluster = x.withLimits(new Limits(l.maxLag(), l.catchUpTimeout(), l.killGrace(), l.maxTtl(),
                Duration.ofSeconds(1), l.lockWaitTimeout()));
        try (Connection c = app(a); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO faults.t VALUES (9, 'long')");
            Faults.sleep(2500);
            FlipFailedException e = catchFlip(() -> x.flip(cluster, b, FlipListener.NONE));
            assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(Faults.failedChecks(e)).containsExactly("long transactions");
            assertThat(x.writable(a)).isTrue();
            assertThat(x.writable(b)).isFalse();
            c.rollback();
        }
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(a);
    }

    @Test
    @Order(10)
    void longTransactionStartedAfterPreflightIsBoundedByLockWaitTimeout() throws Exception {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        startProbe("long-trx-in-flip");
        List<Connection> held = new ArrayList<>();
        AtomicReference<String> outcome = new AtomicReference<>();
        long t0 = System.nanoTime();
        try {
            FlipListener open = new FlipListener() {
                @Override
                public void beforeStep(int no, String name) {
                    if (no == 1) {
                        try {
                            Connection c = app(a);
                            held.add(c);
                            c.setAutoCommit(false);
                            try (Statement s = c.createStatement()) {
                                s.execute("INSERT INTO faults.t VALUES (10, 'open')");
                                // and a table lock-alike: an open handler on the table the flush wants
                                s.executeQuery("SELECT * FROM faults.t FOR UPDATE").close();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            try {
                outcome.set(f.flip(b, open).outcome());
            } catch (FlipFailedException e) {
                outcome.set(e.report().outcome());
            }
        } finally {
            for (Connection c : held) {
                try {
                    c.rollback();
                    c.close();
                } catch (Exception ignored) {
                    // the flip's kill step may have ended the session: its transaction rolled back with it
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("long transaction opened before step 1: outcome %s in %.1f s%n", outcome.get(), seconds);
        assertThat(outcome.get()).isIn("completed", "rolled-back");
        // bounded: two lock waits (flush, fence) and the catch-up, with room for a loaded machine
        Limits l = f.cluster.limits();
        assertThat(seconds).isLessThan(2 * l.lockWaitTimeout().toSeconds() + l.catchUpTimeout().toSeconds() + 30);
        assertThat(x.one(a, "SELECT COUNT(*) FROM faults.t WHERE id = 10")).isEqualTo("0");
        ProbeResult r = probe.stop();
        String master = x.assertOneMasterAndNothingLost(r);
        assertThat(master).isEqualTo(outcome.get().equals("completed") ? b : a);
    }

    private static Connection app(String role) throws Exception {
        var l = x.layout(role);
        return DriverManager.getConnection(SandboxServer.jdbcUrl(l.host(), l.port()), "app",
                f.sandbox.env().get("DBFLIP_APP_PASSWORD"));
    }

    // ---- f. two flips at once --------------------------------------------------------------------

    @Test
    @Order(11)
    void secondFlipOfTheSameClusterRefusesInProcess() {
        Topology t = topology();
        String b = t.replica().role();
        AtomicReference<Throwable> second = new AtomicReference<>();
        FlipReport first = f.flip(b, new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 1) {
                    Thread other = new Thread(() -> {
                        try {
                            f.flip(b, FlipListener.NONE);
                        } catch (Throwable e) {
                            second.set(e);
                        }
                    });
                    other.start();
                    try {
                        other.join(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        assertThat(first.outcome()).isEqualTo("completed");
        assertThat(second.get()).isInstanceOf(io.dbflip.DbflipException.class);
        assertThat(((io.dbflip.DbflipException) second.get()).code()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(second.get().getMessage()).contains(f.cluster.name());
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(b);
    }

    @Test
    @Order(12)
    void secondFlipProcessRefusesWhileTheFirstRuns() throws Exception {
        java.nio.file.Path jar = java.nio.file.Path.of("target", "dbflip.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(jar), "target/dbflip.jar is built by mvn package");
        Topology t = topology();
        String b = t.replica().role();
        String journal = f.dir.resolve("journal").toString();
        // process 1: a flip paused before step 1, holding the cluster's lock
        Process first = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                FlipChildMain.class.getName(), f.sandbox.configFile().toString(), journal,
                f.dir.resolve("reports").toString(), b, "pause-before", "1", "8000")
                .redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream()));
            String line;
            List<String> firstOut = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.startsWith("PAUSED")) {
                firstOut.add(line);
            }
            assertThat(line).as("the first flip paused: %s", firstOut).startsWith("PAUSED");
            // process 2: the CLI, as an operator would run it
            Process second = new ProcessBuilder(java(), "-jar", jar.toString(), "flip", f.cluster.name(), "--to", b,
                    "--yes", "--config", f.sandbox.configFile().toString(), "--journal", journal)
                    .redirectErrorStream(true).start();
            String secondOut = new String(second.getInputStream().readAllBytes());
            assertThat(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            System.out.println("second dbflip flip: exit " + second.exitValue() + ": " + secondOut.strip());
            assertThat(second.exitValue()).as(secondOut).isEqualTo(3);
            assertThat(secondOut).contains(f.cluster.name());
            String rest = new String(first.getInputStream().readAllBytes());
            assertThat(first.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(rest).as("the first flip went on").contains("OUTCOME completed");
        } finally {
            first.destroyForcibly();
        }
        assertThat(x.assertOneMasterAndNothingLost(null)).isEqualTo(b);
    }

    static String java() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * B cannot reach A's position before the fence (its replication stopped just before the window): the flip
     * stops there after catch_up_timeout with nothing fenced — no step 3 ran, A took writes throughout — and
     * rolls step 1 back, where it used to fence A and wait out the bound inside the blackout.
     */
    @Test
    @Order(13)
    void aReplicaThatCannotCatchUpBeforeTheFenceStopsTheFlipWithNothingFenced() {
        Topology t = topology();
        String a = t.master().role();
        String b = t.replica().role();
        startProbe("not-ready");
        FlipFailedException e;
        try {
            e = catchFlip(() -> f.flip(b, new FlipListener() {
                @Override
                public void windowOpens() {
                    x.sql(b, x.replicaVerb("STOP"));
                    Faults.sleep(100); // the probe writes on A meanwhile: B is behind
                }
            }));
        } finally {
            x.sql(b, x.replicaVerb("START"));
        }
        assertThat(e.report().outcome()).isEqualTo("rolled-back");
        assertThat(e.getMessage()).contains("before the fence").contains("nothing was fenced");
        assertThat(e.report().steps()).noneMatch(s -> s.no() == 3 && s.kind() == io.dbflip.journal.StepKind.STEP);
        assertThat(e.report().blackoutMillis()).isNull();
        assertThat(x.writable(a)).isTrue();
        ProbeResult r = probe.stop();
        assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(a);
    }

    static FlipFailedException catchFlip(org.assertj.core.api.ThrowableAssert.ThrowingCallable flip) {
        AtomicReference<FlipFailedException> caught = new AtomicReference<>();
        assertThatThrownBy(flip).isInstanceOf(FlipFailedException.class)
                .satisfies(e -> caught.set((FlipFailedException) e));
        FlipFailedException e = caught.get();
        System.out.println("flip failed as expected: " + e.getMessage().replace('\n', ' '));
        return e;
    }
}
