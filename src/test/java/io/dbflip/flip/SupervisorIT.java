package io.dbflip.flip;

import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 2: a CLI flip's process dies like under kill -9 (DBFLIP_FAULT_HALT_AFTER_STEP) inside
 * the window and after the point of no return; its supervisor, untouched by hand, gives writes back
 * to the right side: exactly one writable master, nothing acknowledged lost, no flip left unfinished.
 * Prints how long after the death the writes were back.
 */
class SupervisorIT {
    static SandboxFixture f;
    static Faults x;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("supervisor");
        x = new Faults(f);
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aFlipProcessKilledInsideTheWindowOrAfterItIsFinishedByItsSupervisor() throws Exception {
        Path jar = Path.of("target", "dbflip.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        List<String> figures = new ArrayList<>();
        for (int step : new int[]{4, 7, 9, 11}) {
            Topology before = Topology.read(f.cluster, f.opener);
            String a = before.master().role();
            String b = before.replica().role();
            Probe probe = f.probe("supervised-" + step, 200).start();
            Thread.sleep(300);
            ProcessBuilder pb = new ProcessBuilder(FaultIT.java(), "-jar", jar.toString(), "flip", f.cluster.name(),
                    "--to", b, "--yes", "--config", f.sandbox.configFile().toString(),
                    "--journal", f.dir.resolve("journal").toString()).redirectErrorStream(true)
                    .redirectOutput(f.dir.resolve("flip-" + step + ".out").toFile());
            pb.environment().put("DBFLIP_FAULT_HALT_AFTER_STEP", String.valueOf(step));
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            long died = System.nanoTime();
            assertThat(p.exitValue()).as(Files.readString(f.dir.resolve("flip-" + step + ".out"))).isEqualTo(137);
            // no one types anything: wait for exactly one writable side and a journal with nothing unfinished
            String expected = step >= 10 ? b : a;
            long deadline = died + TimeUnit.SECONDS.toNanos(30);
            long backAfter = -1;
            while (System.nanoTime() < deadline) {
                if (x.writable(expected) && !x.writable(expected.equals(a) ? b : a)) {
                    backAfter = (System.nanoTime() - died) / 1_000_000;
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(backAfter).as("writes back on %s without anyone typing (killed after step %d); the supervisors' logs:%n%s",
                    expected, step, supervisorLogs()).isNotNegative();
            awaitNothingUnfinished();
            ProbeResult r = probe.stop();
            assertThat(x.assertOneMasterAndNothingLost(r)).isEqualTo(expected);
            figures.add("killed after step " + step + ": writes back on " + expected + " " + backAfter + " ms after the death");
        }
        figures.forEach(l -> System.out.println("FIGURE supervisor " + l));
        // each supervisor reads both sides and every DNS record while the flip runs, so that its recovery runs warm code
        assertThat(supervisorLogs()).contains("warmed up in").doesNotContain("warm-up read failed");
    }

    private static String supervisorLogs() throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(f.dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("supervisor-")).sorted().toList()) {
                sb.append("--- ").append(p).append('\n').append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    private static void awaitNothingUnfinished() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Journal j = Journals.open(f.dir.resolve("journal").toString(), null)) {
                if (j.unfinished(f.cluster.name()).isEmpty()) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the supervisor left a flip unfinished in the journal");
    }
}
