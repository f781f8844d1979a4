package io.dbflip.flip;

import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 case a: dbflip killed with SIGKILL right after each step of the flip, in a child JVM
 * ({@link FlipChildMain}), then recovered the way {@code dbflip status} names (resume past the
 * point of no return or when B's fence is gone, else rollback) under the probe, and checked:
 * one writable master, the other replicating from it, 0 lost acknowledged writes, 0 one-sided rows.
 * Two passes over steps 0–14: a rollback keeps the direction and a resume reverses it, so each
 * pass covers 0–10 in one direction and alternates 11–14; the second pass starts from the other
 * master, so every boundary is crashed in both directions. {@code -Dfaults.crash.steps=3,10}
 * runs a subset. Then SIGTERM once, through the real CLI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashIT {
    static SandboxFixture f;
    static Faults x;
    static final List<String> covered = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("crash");
        x = new Faults(f);
    }

    @AfterAll
    static void down() {
        System.out.println("crash cases run (step, direction, way): " + covered.size() + " " + covered);
        if (f != null) {
            f.close();
        }
    }

    static List<Integer> steps() {
        String p = System.getProperty("faults.crash.steps");
        if (p == null || p.isBlank()) {
            return java.util.stream.IntStream.rangeClosed(0, 14).boxed().toList();
        }
        return Arrays.stream(p.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    @Test
    @Order(1)
    void sigkillAfterEveryStepThenRecoverLosesNothing() throws Exception {
        for (int pass = 0; pass < 2; pass++) {
            String firstMaster = Topology.read(f.cluster, f.opener).master().role();
            for (int step : steps()) {
                crashAfter(step);
            }
            if (pass == 0 && Topology.read(f.cluster, f.opener).master().role().equals(firstMaster)) {
                // start the second pass from the other master
                f.flip(null, FlipListener.NONE);
            }
        }
    }

    private void crashAfter(int step) throws Exception {
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        Probe probe = f.probe("crash-" + step + "-" + a, 200).start();
        try {
            Faults.sleep(300);
            Process child = new ProcessBuilder(FaultIT.java(), "-cp", System.getProperty("java.class.path"),
                    FlipChildMain.class.getName(), f.sandbox.configFile().toString(), f.dir.resolve("journal").toString(),
                    f.dir.resolve("reports").toString(), b, "kill-after", String.valueOf(step))
                    .redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes());
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL after step %d: %s", step, out).isEqualTo(137);
            assertThat(out).contains("KILLING after step " + step);
            String way;
            // a new journal instance, as a new dbflip process would open it
            try (Journal journal = Journals.open(f.dir.resolve("journal").toString(), null)) {
                Recovery recovery = new Recovery(f.cluster, journal, f.opener, new ClusterDns(f.config));
                Recovery.Assessment as = recovery.assess().orElseThrow(() ->
                        new AssertionError("no unfinished flip in the journal after a crash at step " + step));
                System.out.println("after SIGKILL at step " + step + " (" + a + "→" + b + "): " + as.describe());
                way = as.way().name().toLowerCase();
                // the decision: before the point of no return B is still fenced, so back; from it on, forward
                assertThat(as.way()).as(as.describe())
                        .isEqualTo(step >= FlipRunner.POINT_OF_NO_RETURN ? FlipRunner.Way.RESUME : FlipRunner.Way.ROLLBACK);
                FlipReport r = recovery.recover(as.way(), "test", f.dir.resolve("reports"));
                assertThat(r.outcome()).as(String.valueOf(r)).isIn("resumed", "rolled-back", "completed");
                assertThat(journal.unfinished(f.cluster.name())).isEmpty();
            }
            Faults.sleep(300);
            ProbeResult result = probe.stop();
            String master = x.assertOneMasterAndNothingLost(result);
            assertThat(master).isEqualTo(way.equals("resume") ? b : a);
            covered.add(step + " " + a + "→" + b + " " + way);
        } finally {
            probe.close();
        }
    }

    /** SIGTERM to the real CLI while its pre-flip hook runs: it stops at the next step boundary and says what to run. */
    @Test
    @Order(2)
    void sigtermStopsAtASafePointAndSaysWhatToRun() throws Exception {
        Path jar = Path.of("target", "dbflip.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        Topology t = Topology.read(f.cluster, f.opener);
        String a = t.master().role();
        String b = t.replica().role();
        boolean bWritable = x.writable(b);
        Path hook = f.dir.resolve("slow-pre-flip.sh");
        Files.writeString(hook, "#!/bin/sh\necho pre-flip hook running\nsleep 4\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        Path config = f.dir.resolve("dbflip-hooked.yaml");
        String yaml = Files.readString(f.sandbox.configFile());
        // the cluster's limits line is its last key: the hooks go right after it
        yaml = yaml.replace("    limits: {catch_up_timeout:", "    hooks: {pre_flip: [\"" + hook + "\"]}\n    limits: {catch_up_timeout:");
        Files.writeString(config, yaml);
        Probe probe = f.probe("sigterm", 200).start();
        Process p = new ProcessBuilder(FaultIT.java(), "-jar", jar.toString(), "flip", f.cluster.name(), "--to", b, "--yes",
                "--config", config.toString(), "--journal", f.dir.resolve("journal").toString())
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (p.isAlive() && System.nanoTime() < deadline) {
            synchronized (out) {
                if (out.toString().contains("pre-flip hook running") || out.toString().contains("step 0")) {
                    break;
                }
            }
            Faults.sleep(50);
        }
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);
        String text = out.toString();
        System.out.println("dbflip flip under SIGTERM: exit " + p.exitValue() + "\n" + text);
        assertThat(text).contains("SIGTERM");
        assertThat(text).containsAnyOf("stopped before step", "rolled back");
        assertThat(p.exitValue()).isNotZero();
        ProbeResult result = probe.stop();
        // stopped before step 1: nothing was changed, B's fence included (a fresh sandbox's B is unfenced)
        assertThat(x.writable(b)).isEqualTo(bWritable);
        assertThat(x.assertOneMasterAndNothingLost(result, !bWritable)).isEqualTo(a);
        try (Journal journal = Journals.open(f.dir.resolve("journal").toString(), null)) {
            assertThat(journal.unfinished(f.cluster.name())).as("the flip was finished, not left for recovery").isEmpty();
        }
    }
    /**
     * MySQL: after a crash past the point of no return, the resume makes A a replica of B by GTID
     * auto-position and needs no start position in B's binlogs. It used to search B's last three binlog
     * files for A's last event first: under an OLTP load that read whole files for 3-19 s while B took
     * writes (bench/chaos every-step, 2026-12-03; the check then timed out), and with no event of A's in
     * those files (B's binlog rotated three times) the resume failed outright. Here B's binlog rotates three
     * times after the crash: the resume must complete.
     */
    @Test
    @Order(3)
    void aResumeByGtidNeedsNoStartPositionInBsBinlogs() throws Exception {
        try (io.dbflip.mysql.Server s = f.admin("onprem")) {
            org.junit.jupiter.api.Assumptions.assumeFalse(s.flavor().mariadb(), "MySQL: A replicates from B by GTID auto-position");
        }
        if (!Topology.read(f.cluster, f.opener).master().role().equals("onprem")) {
            f.flip("onprem", FlipListener.NONE);
        }
        Process child = new ProcessBuilder(FaultIT.java(), "-cp", System.getProperty("java.class.path"),
                FlipChildMain.class.getName(), f.sandbox.configFile().toString(), f.dir.resolve("journal").toString(),
                f.dir.resolve("reports").toString(), "aurora", "kill-after", "10")
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isEqualTo(137);
        x.sql("aurora", "FLUSH BINARY LOGS", "FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
        try (Journal journal = Journals.open(f.dir.resolve("journal").toString(), null)) {
            Recovery recovery = new Recovery(f.cluster, journal, f.opener, new ClusterDns(f.config));
            Recovery.Assessment as = recovery.assess().orElseThrow();
            assertThat(as.way()).isEqualTo(FlipRunner.Way.RESUME);
            FlipReport r = recovery.recover(as, "test", f.dir.resolve("reports"));
            assertThat(r.outcome()).as(String.valueOf(r)).isEqualTo("resumed");
            assertThat(journal.unfinished(f.cluster.name())).isEmpty();
        }
        assertThat(Topology.read(f.cluster, f.opener).master().role()).isEqualTo("aurora");
    }
}
