package io.dbflip.flip;

import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;
import io.dbflip.verify.InSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flip on real servers: A→B→A→B under a running probe, the dry run, and rollbacks. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlipIT {
    static SandboxFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("flip");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(0)
    void objectsCarriedByApplyLeaveNoDifferenceAndASecondApplyChangesNothing() {
        String config = f.sandbox.configFile().toString();
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int diff;
        int apply;
        try {
            System.setOut(new java.io.PrintStream(buf, true));
            diff = io.dbflip.cli.Main.run("objects", "diff", f.cluster.name(), "-c", config);
            apply = io.dbflip.cli.Main.run("objects", "apply", f.cluster.name(), "-c", config, "--dry-run");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertThat(diff).as(out).isZero();
        assertThat(out).contains("equal").contains("rewritten for aurora (not a difference)");
        assertThat(apply).as(out).isZero();
        assertThat(out).contains("0 change(s) (dry run: nothing changed)");
    }

    @Test
    @Order(1)
    void dryRunChangesNothing() {
        Topology before = Topology.read(f.cluster, f.opener);
        java.util.concurrent.atomic.AtomicReference<FlipOperation.Preview> seen = new java.util.concurrent.atomic.AtomicReference<>();
        FlipReport r = f.operation().run(new FlipOperation.Options(null, true, f.dir.resolve("reports"), "test"),
                p -> {
                    seen.set(p);
                    return true;
                }, FlipListener.NONE);
        assertThat(r).isNull();
        assertThat(seen.get()).as("the dry run shows its preview").isNotNull();
        assertThat(seen.get().ok()).as("preflight: %s", seen.get().checks()).isTrue();
        assertThat(seen.get().plan()).anyMatch(s -> s.contains("fence")).anyMatch(s -> s.contains("MASTER_POS_WAIT")
                || s.contains("WAIT_FOR_EXECUTED_GTID_SET"));
        Topology after = Topology.read(f.cluster, f.opener);
        assertThat(after.master().role()).isEqualTo(before.master().role());
        try (Server a = f.admin(before.master().role())) {
            assertThat(a.queryString("SELECT @@global.read_only")).isEqualTo("0");
        }
    }

    @Test
    @Order(2)
    void backAndForthUnderProbeLosesNothing() {
        Probe probe = f.probe("flip-it", 500).start();
        sleep(1000);
        List<FlipReport> reports = new java.util.ArrayList<>();
        for (String to : List.of("aurora", "onprem", "aurora", "onprem")) {
            reports.add(f.flip(to, FlipListener.NONE));
            sleep(700);
        }
        ProbeResult result = probe.stop();
        for (FlipReport r : reports) {
            assertThat(r.outcome()).isEqualTo("completed");
            assertThat(r.blackoutMillis()).isNotNull().isPositive();
            assertThat(r.steps()).extracting(StepRecord::no).contains(3, 7, 9, 10, 13);
        }
        assertThat(Topology.read(f.cluster, f.opener).master().role()).isEqualTo("onprem");
        ProbeCheck.Outcome outcome = check(result);
        assertThat(result.acknowledged()).isGreaterThan(1000);
        assertThat(outcome.lost()).as(outcome.toString()).isZero();
        assertThat(outcome.oneSidedRows()).as(outcome.toString()).isZero();
        for (FlipReport r : reports) {
            System.out.printf("flip %s→%s internal blackout %.1f ms, client-seen %.1f ms%n", r.from(), r.to(),
                    r.blackoutMillis(), result.maxGapDuring(r.startedEpochMicros(), r.finishedEpochMicros()));
        }
    }

    @Test
    @Order(3)
    void laggingReplicaTimesOutAndRollsBack() {
        Topology before = Topology.read(f.cluster, f.opener);
        String b = before.replica().role();
        FlipListener stopSql = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 3) {
                    try (Server s = f.admin(b)) {
                        s.execute(Sql.of(s.flavor().managed() ? "CALL mysql.rds_stop_replication()" : "STOP SLAVE SQL_THREAD"));
                    }
                    // a write that B cannot apply while its SQL thread is stopped
                    try (Server s = f.admin(before.master().role())) {
                        s.execute(Sql.of("CREATE DATABASE IF NOT EXISTS lagtest"));
                    }
                }
            }
        };
        assertThatThrownBy(() -> f.flip(b, stopSql))
                .isInstanceOf(FlipFailedException.class)
                .hasMessageContaining("rolled back")
                .satisfies(e -> assertThat(((FlipFailedException) e).report().outcome()).isEqualTo("rolled-back"));
        try (Server a = f.admin(before.master().role()); Server s = f.admin(b)) {
            assertThat(a.queryString("SELECT @@global.read_only")).isEqualTo("0");
            s.executeAll(s.dialect().startReplica());
            InSync.await(a, s, Duration.ofSeconds(20));
        }
        assertThat(Topology.read(f.cluster, f.opener).master().role()).isEqualTo(before.master().role());
    }

    static ProbeCheck.Outcome check(ProbeResult result) {
        Topology t = Topology.read(f.cluster, f.opener);
        try (Server m = f.admin(t.master().role()); Server r = f.admin(t.replica().role())) {
            InSync.await(m, r, Duration.ofSeconds(30));
            Map<String, Server> servers = new LinkedHashMap<>();
            servers.put(t.master().role(), m);
            servers.put(t.replica().role(), r);
            return ProbeCheck.check(result, servers);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
