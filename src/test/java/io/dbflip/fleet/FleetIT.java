package io.dbflip.fleet;

import io.dbflip.cli.Main;
import io.dbflip.config.Secret;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipListener;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.sandbox.SandboxLayout;
import io.dbflip.sandbox.SandboxServer;
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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet on a sandbox of 4 clusters (shard 1..4): subset, canary failure, all at once (one DNS
 * update per zone, each cluster's window reported), team mode, and an all-at-once run in which one
 * cluster's window fails: it rolls back alone and the shared update leaves its names alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
    static FleetFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new FleetFixture("fleet", 4);
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void listAndStatusShowTheSelection() throws Exception {
        String out = cli("fleet", "list", "-c", f.sandbox.configFile().toString(), "--select", "shard=2..3");
        assertThat(out).contains("sandbox-2", "sandbox-3", "shard=2", "onprem 127.77.").doesNotContain("sandbox-1 ", "sandbox-4");
        assertThat(Main.run("fleet", "list", "-c", f.sandbox.configFile().toString(), "--select", "shard=3..2")).isEqualTo(2);
        String status = cli("fleet", "status", "-c", f.sandbox.configFile().toString(), "--journal",
                f.dir.resolve("journal").toString(), "--select", "sandbox-*", "--json");
        assertThat(status).contains("\"master\" : \"onprem\"", "from onprem: ok, lag 0 s").contains("sandbox-4");
    }

    @Test
    @Order(2)
    void subsetFlipLeavesTheOthersUntouched() {
        FleetReport r = f.flip("shard=1..2", FleetFixture.options("aurora"), c -> null);
        System.out.print(r.table());
        assertThat(r.exitCode()).isZero();
        assertThat(r.results()).extracting(ClusterResult::outcome).containsOnly(ClusterResult.FLIPPED);
        assertThat(f.masters()).containsExactly("aurora", "aurora", "onprem", "onprem");
        // the same selection again: both already there, skipped and reported
        FleetReport again = f.flip("shard=1..2", FleetFixture.options("aurora"), c -> null);
        assertThat(again.exitCode()).isZero();
        assertThat(again.results()).extracting(ClusterResult::outcome).containsOnly(ClusterResult.ALREADY);
    }

    @Test
    @Order(3)
    void canaryFailureStopsTheRunBeforeTheRest() {
        // shards 1, 2 are on aurora: --to aurora skips them; sandbox-3 is the canary, sandbox-4 the rest
        FlipListener lagAtFence = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 3) {
                    try (Server b = f.admin(f.cluster(3), "aurora")) {
                        b.execute(Sql.of("CALL mysql.rds_stop_replication()"));
                    }
                    try (Server a = f.admin(f.cluster(3), "onprem")) {
                        a.execute(Sql.of("CREATE DATABASE IF NOT EXISTS canary_lag"));
                    }
                }
            }
        };
        FleetReport r = f.flip("*", new FleetFlip.Options("aurora", 1, 1, false, false, true, false),
                c -> c.equals("sandbox-3") ? lagAtFence : null);
        System.out.print(r.table());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.results()).extracting(ClusterResult::outcome).containsExactly(ClusterResult.ALREADY,
                ClusterResult.ALREADY, ClusterResult.ROLLED_BACK, ClusterResult.NOT_STARTED);
        assertThat(r.results().get(3).detail()).contains("canary failed");
        assertThat(f.masters()).containsExactly("aurora", "aurora", "onprem", "onprem");
        try (Server a = f.admin(f.cluster(3), "onprem"); Server b = f.admin(f.cluster(3), "aurora")) {
            assertThat(a.queryString("SELECT @@global.read_only")).isEqualTo("0");
            b.executeAll(b.dialect().startReplica());
            InSync.await(a, b, Duration.ofSeconds(20));
        }
    }

    @Test
    @Order(4)
    void allAtOnceUnderProbesLosesNothing() {
        List<Probe> probes = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            probes.add(f.probe(k, 100).start());
        }
        sleep(1000);
        Map<String, Long> serials = serials();
        // no --to: every cluster goes to its other side (1, 2 back to onprem, 3, 4 to aurora), together
        FleetReport r = f.flip("*", new FleetFlip.Options(null, 0, 4, true, false, true, false), c -> null);
        sleep(1000);
        List<ProbeResult> results = probes.stream().map(Probe::stop).toList();
        System.out.print(r.table());
        assertThat(r.exitCode()).as(r.table()).isZero();
        assertThat(r.results()).extracting(ClusterResult::outcome).containsOnly(ClusterResult.FLIPPED);
        assertThat(f.masters()).containsExactly("onprem", "onprem", "aurora", "aurora");
        // the 4 clusters' records (both directions at once) went out as ONE update per zone: BIND bumps a
        // zone's SOA serial once per update that changes it, so each serial moved by exactly 1 (it moved by 4
        // when each cluster sent its own)
        assertThat(serialsMoved(serials)).as(r.table()).containsOnly(1L).hasSize(2);
        assertThat(r.sharedDns()).as(r.table()).hasSize(1);
        FleetReport.DnsStep dns = r.sharedDns().get(0);
        assertThat(dns.error()).isNull();
        assertThat(dns.clusters()).containsExactlyInAnyOrder("sandbox-1", "sandbox-2", "sandbox-3", "sandbox-4");
        assertThat(dns.zones()).extracting(FleetReport.DnsZone::records).containsExactly(4, 4);
        // each cluster's window is in the report, step by step, with the wait for the others at step 9
        for (ClusterResult c : r.results()) {
            assertThat(c.window()).as(c.cluster()).isNotNull();
            assertThat(c.window().stepsMs()).containsKeys("3 fence A", "7 wait for B to catch up", "9 point DNS at B", "10 unfence B");
            assertThat(c.window().dnsWaitMs()).as(c.cluster()).isNotNull();
            // the update goes out as the windows open (the barrier trips), beside the fences: every window had opened
            // before its answer came, and none closed (unfenced B) before it
            assertThat(c.window().startEpochMicros()).isLessThanOrEqualTo(dns.endEpochMicros());
            assertThat(c.window().endEpochMicros()).isGreaterThanOrEqualTo(dns.endEpochMicros());
        }
        assertThat(r.table()).contains("shared DNS step", "4 cluster(s), 2 update(s)", "windows (fence A");
        for (int k = 1; k <= 4; k++) {
            ProbeResult pr = results.get(k - 1);
            ProbeCheck.Outcome o = f.check(k, pr);
            System.out.printf("sandbox-%d: %s; blackout %.1f ms internal, %.1f ms client-seen%n", k, o,
                    r.results().get(k - 1).blackoutMillis(), pr.maxGapMillis());
            assertThat(pr.acknowledged()).isGreaterThan(100);
            assertThat(o.lost()).as(o.toString()).isZero();
            assertThat(o.oneSidedRows()).as(o.toString()).isZero();
        }
    }

    @Test
    @Order(5)
    void aSecondRunOnASharedJournalRefusesWhatTheFirstHolds() throws Exception {
        try (SandboxServer db = SandboxServer.start("fleet-journal", Files.createTempDirectory("dbflip-fleet-j-"),
                "127.75.0.1", 3310, 7501, List.of())) {
            db.execute("CREATE USER 'journal'@'%' IDENTIFIED BY 'journal-pw'", "GRANT ALL ON `dbflip_fleet`.* TO 'journal'@'%'");
            String url = "mysql://journal@127.75.0.1:3310/dbflip_fleet";
            try (Journal first = Journals.open(url, Secret.literal("journal-pw"));
                 Journal second = Journals.open(url, Secret.literal("journal-pw"))) {
                // the first run is inside sandbox-1's flip and holds shards 1..2 while the second starts on 2..3
                FleetReport[] seconds = new FleetReport[1];
                FlipListener startSecond = new FlipListener() {
                    @Override
                    public void beforeStep(int no, String name) {
                        if (no == 0 && seconds[0] == null) {
                            seconds[0] = new FleetFlip(f.context(second, c -> null), l -> System.out.println("second: " + l))
                                    .run(Selection.parse("shard=2..3").select(f.config.clusters()),
                                            new FleetFlip.Options(null, 0, 1, false, false, true, false), q -> true);
                            String holders = String.valueOf(second.holders());
                            assertThat(holders).contains("sandbox-1", "sandbox-2");
                        }
                    }
                };
                FleetReport firstRun = new FleetFlip(f.context(first, c -> c.equals("sandbox-1") ? startSecond : null),
                        l -> System.out.println("first: " + l))
                        .run(Selection.parse("shard=1..2").select(f.config.clusters()),
                                new FleetFlip.Options(null, 0, 1, false, false, true, false), q -> true);
                System.out.print(firstRun.table());
                System.out.print(seconds[0].table());
                assertThat(firstRun.exitCode()).isZero();
                assertThat(seconds[0].exitCode()).isEqualTo(3);
                assertThat(seconds[0].results().get(0).outcome()).isEqualTo(ClusterResult.HELD);
                assertThat(seconds[0].results().get(0).detail()).contains("sandbox-2", "locked by");
                assertThat(seconds[0].results().get(1).outcome()).isEqualTo(ClusterResult.NOT_STARTED);
                // sandbox-3 was not touched by the refused run
                assertThat(f.masters()).containsExactly("aurora", "aurora", "aurora", "aurora");
                // with --skip-failing the second run leaves the held cluster out and flips the rest
                FleetReport skip = new FleetFlip(f.context(second, c -> null), l -> { })
                        .run(Selection.parse("shard=3").select(f.config.clusters()),
                                new FleetFlip.Options("onprem", 0, 1, false, true, true, false), q -> true);
                assertThat(skip.results()).extracting(ClusterResult::outcome).containsExactly(ClusterResult.FLIPPED);
            }
        }
    }

    @Test
    @Order(6)
    void aClusterWhoseWindowFailsRollsBackAloneAndItsNamesStay() {
        // after test 5: aurora, aurora, onprem, aurora. --to onprem: sandbox-3 is already there; sandbox-2's B
        // (onprem) stops applying at the fence, so its catch-up times out and it rolls back; 1 and 4 flip
        FlipListener lagAtFence = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 3) {
                    try (Server b = f.admin(f.cluster(2), "onprem")) {
                        b.executeAll(b.dialect().stopReplica());
                    }
                    try (Server a = f.admin(f.cluster(2), "aurora")) {
                        a.execute(Sql.of("CREATE DATABASE IF NOT EXISTS all_at_once_lag"));
                    }
                }
            }
        };
        Map<String, Long> serials = serials();
        FleetReport r = f.flip("*", new FleetFlip.Options("onprem", 0, 4, true, false, true, false),
                c -> c.equals("sandbox-2") ? lagAtFence : null);
        System.out.print(r.table());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.results()).extracting(ClusterResult::outcome).containsExactly(ClusterResult.FLIPPED,
                ClusterResult.ROLLED_BACK, ClusterResult.ALREADY, ClusterResult.FLIPPED);
        assertThat(f.masters()).containsExactly("onprem", "aurora", "onprem", "onprem");
        // the shared update went out as the windows opened (beside the fences and catch-ups) and carried every
        // cluster whose window opened, sandbox-2 too; its rollback then put its own names back on aurora, before its
        // A was unfenced: one more update per zone
        assertThat(r.sharedDns()).hasSize(1);
        assertThat(r.sharedDns().get(0).clusters()).containsExactlyInAnyOrder("sandbox-1", "sandbox-2", "sandbox-4");
        assertThat(r.sharedDns().get(0).zones()).extracting(FleetReport.DnsZone::records).containsExactly(3, 3);
        ClusterDns dns = new ClusterDns(f.config);
        assertThat(dns.whoIsNamed(f.cluster(2)).values()).hasSize(2).allMatch(v -> v.startsWith("aurora "));
        assertThat(dns.whoIsNamed(f.cluster(1)).values()).hasSize(2).allMatch(v -> v.startsWith("onprem "));
        assertThat(dns.whoIsNamed(f.cluster(4)).values()).hasSize(2).allMatch(v -> v.startsWith("onprem "));
        assertThat(serialsMoved(serials)).containsOnly(2L).hasSize(2);
        assertThat(r.results().get(1).window()).isNotNull();
        assertThat(r.results().get(1).window().stepsMs()).doesNotContainKey("9 point DNS at B");
        try (Server a = f.admin(f.cluster(2), "aurora"); Server b = f.admin(f.cluster(2), "onprem")) {
            b.executeAll(b.dialect().startReplica());
            InSync.await(a, b, Duration.ofSeconds(20));
        }
    }

    /**
     * bench/flip-blackout stops its `dbflip probe` with SIGTERM after the flips: the probe must still print
     * its summary and its check and write its gaps file (the JVM used to halt as soon as the shutdown hook
     * returned, cutting them off).
     */
    @Test
    @Order(7)
    void aProbeStoppedBySigtermStillWritesItsResults() throws Exception {
        java.nio.file.Path gaps = f.dir.resolve("probe-gaps.txt");
        java.nio.file.Path out = f.dir.resolve("probe.out");
        ProcessBuilder pb = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "probe", "sandbox-1", "-c",
                f.sandbox.configFile().toString(), "--rate", "100", "--duration", "10m", "--gaps", gaps.toString())
                .redirectOutput(out.toFile()).redirectError(f.dir.resolve("probe.err").toFile());
        pb.environment().putAll(f.sandbox.env());
        Process p = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(f.dir.resolve("probe.err")).contains("probe ") && System.nanoTime() < deadline && p.isAlive()) {
            sleep(200);
        }
        sleep(1500);
        p.destroy();
        assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out);
        System.out.print(printed);
        assertThat(printed).as(Files.readString(f.dir.resolve("probe.err"))).contains("acknowledged", "lost");
        assertThat(gaps).exists();
    }

    /** Each sandbox zone's SOA serial, read from the sandbox's BIND. */
    static Map<String, Long> serials() {
        String[] hp = f.sandbox.layout().dnsServer().split(":");
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            SimpleResolver res = new SimpleResolver(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
            for (String zone : SandboxLayout.ZONES) {
                Message m = res.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN)));
                out.put(zone, ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static List<Long> serialsMoved(Map<String, Long> before) {
        Map<String, Long> after = serials();
        return before.keySet().stream().map(z -> after.get(z) - before.get(z)).toList();
    }

    /**
     * Issue 14: the process running a fleet flip dies (as under kill -9) inside a cluster's window
     * while two clusters flip side by side; the fleet's one supervisor, untouched by hand, recovers
     * each cluster this process was flipping (rolled back, or finished past the point of no return):
     * every cluster ends with exactly one writable side, nothing unfinished, the probes lose nothing.
     */
    @Test
    @Order(7)
    void aFleetFlipProcessKilledInsideAWindowIsRecoveredByItsSupervisor() throws Exception {
        java.nio.file.Path jar = java.nio.file.Path.of("target", "dbflip.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        List<Probe> probes = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            probes.add(f.probe(k, 100).start());
        }
        sleep(500);
        java.nio.file.Path out = f.dir.resolve("fleet-killed.out");
        ProcessBuilder pb = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "fleet", "flip", "--select", "shard=1..2", "--parallel", "2", "--yes",
                "--config", f.sandbox.configFile().toString(), "--journal", f.dir.resolve("journal").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("DBFLIP_FAULT_HALT_AFTER_STEP", "7");
        Process p = pb.start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long died = System.nanoTime();
        assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(137);
        List<String> figures = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            var c = f.cluster(k);
            long deadline = died + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            long back = -1;
            while (System.nanoTime() < deadline) {
                if (writable(c, "onprem") ^ writable(c, "aurora")) {
                    back = (System.nanoTime() - died) / 1_000_000;
                    break;
                }
                sleep(20);
            }
            assertThat(back).as("%s: exactly one writable side without anyone typing\n%s", c.name(), Files.readString(out))
                    .isNotNegative();
            figures.add(c.name() + " writes back on " + f.master(k) + " " + back + " ms after the death");
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (f.journal.unfinished("sandbox-1").isPresent() || f.journal.unfinished("sandbox-2").isPresent()) {
            assertThat(System.nanoTime()).as("the supervisor finished every flip of the dead process").isLessThan(deadline);
            sleep(100);
        }
        sleep(500);
        for (int k = 1; k <= 2; k++) {
            var c = f.cluster(k);
            String master = f.master(k);
            String replica = master.equals("onprem") ? "aurora" : "onprem";
            assertThat(writable(c, master)).as("%s: %s writable", c.name(), master).isTrue();
            assertThat(writable(c, replica)).as("%s: %s fenced", c.name(), replica).isFalse();
            ProbeResult pr = probes.get(k - 1).stop();
            ProbeCheck.Outcome o = f.check(k, pr);
            assertThat(pr.acknowledged()).isPositive();
            assertThat(o.lost()).as(o.toString()).isZero();
            assertThat(o.oneSidedRows()).as(o.toString()).isZero();
        }
        figures.forEach(l -> System.out.println("FIGURE fleet supervisor: " + l));
    }

    /**
     * The shared update goes out as the windows open, beside the fences (DnsPlan.sendsBeforeFence): a cluster
     * whose fence of A then fails was in the update, so its rollback must put its own names back before it
     * unfences A. Without the early send the failed cluster would have left the batch (one update, without it).
     */
    @Test
    @Order(8)
    void aClusterWhoseFenceFailsAfterTheSharedUpdateWentOutPutsItsNamesBack() {
        assertThat(List.of(f.master(3), f.master(4))).as("after tests 6 and 7").containsOnly("onprem");
        FlipListener fenceFails = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 3) {
                    throw new IllegalStateException("injected: the fence of A did not hold");
                }
            }
        };
        Map<String, Long> serials = serials();
        FleetReport r = f.flip("shard=3..4", new FleetFlip.Options("aurora", 0, 2, true, false, true, false),
                c -> c.equals("sandbox-3") ? fenceFails : null);
        System.out.print(r.table());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.results()).extracting(ClusterResult::outcome).containsExactly(ClusterResult.ROLLED_BACK,
                ClusterResult.FLIPPED);
        assertThat(List.of(f.master(3), f.master(4))).containsExactly("onprem", "aurora");
        // both clusters were in the one shared update, sent before either fence had held
        assertThat(r.sharedDns()).hasSize(1);
        assertThat(r.sharedDns().get(0).clusters()).containsExactlyInAnyOrder("sandbox-3", "sandbox-4");
        ClusterDns dns = new ClusterDns(f.config);
        assertThat(dns.whoIsNamed(f.cluster(3)).values()).hasSize(2).allMatch(v -> v.startsWith("onprem "));
        assertThat(dns.whoIsNamed(f.cluster(4)).values()).hasSize(2).allMatch(v -> v.startsWith("aurora "));
        // the shared update, then sandbox-3's own revert: two updates per zone
        assertThat(serialsMoved(serials)).containsOnly(2L).hasSize(2);
        assertThat(writable(f.cluster(3), "onprem")).isTrue();
        assertThat(writable(f.cluster(3), "aurora")).isFalse();
        assertThat(writable(f.cluster(4), "aurora")).isTrue();
        assertThat(writable(f.cluster(4), "onprem")).isFalse();
    }

    /**
     * The shared update is sent by the barrier, for every cluster ready to open its window; a cluster whose window
     * then fails before its runner asked for the update (here its window's opening throws, before the fence) does not
     * know its names moved: the fleet puts them back (SharedDns.windowEnded). A stays the writable master.
     */
    @Test
    @Order(9)
    void aWindowThatFailsBeforeItsFenceGetsItsNamesBackFromTheFleet() {
        assertThat(f.master(3)).as("after test 8").isEqualTo("onprem");
        FlipListener opensBadly = new FlipListener() {
            @Override
            public void windowOpens() {
                throw new IllegalStateException("injected: the window could not open");
            }
        };
        Map<String, Long> serials = serials();
        FleetReport r = f.flip("shard=3", new FleetFlip.Options("aurora", 0, 1, true, false, true, false),
                c -> opensBadly);
        System.out.print(r.table());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.sharedDns()).hasSize(1);
        assertThat(r.sharedDns().get(0).clusters()).containsExactly("sandbox-3");
        ClusterDns dns = new ClusterDns(f.config);
        assertThat(dns.whoIsNamed(f.cluster(3)).values()).hasSize(2).allMatch(v -> v.startsWith("onprem "));
        assertThat(serialsMoved(serials)).containsOnly(2L).hasSize(2);
        assertThat(writable(f.cluster(3), "onprem")).isTrue();
        assertThat(writable(f.cluster(3), "aurora")).isFalse();
    }

    /** read_only off and the app account not locked (the fences the sandbox's sides use). */
    private static boolean writable(io.dbflip.config.ClusterConfig c, String role) {
        try (Server s = f.admin(c, role)) {
            return "0".equals(s.queryString("SELECT @@global.read_only"))
                    && !s.queryString("SHOW CREATE USER 'app'@'%'").contains("ACCOUNT LOCK");
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        int rc;
        try {
            rc = Main.run(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        System.out.print(out);
        assertThat(rc).as(out).isZero();
        return out;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
