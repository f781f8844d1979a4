package io.dbflip.flip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `dbflip probe` stopped early (Ctrl-C, SIGTERM — how bench/flip-load ends its probe) still reads every server
 * for lost writes, writes its gaps file and exits by that result. Before, the JVM exited as soon as the
 * shutdown hook returned: the summary line, then nothing — no lost-writes check, no gaps file, exit 143.
 */
class ProbeCommandIT {
    static SandboxFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("probe-cli");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aProbeStoppedBySigtermStillChecksForLostWritesWritesItsGapsAndExitsByTheResult() throws Exception {
        Path jar = Path.of("target", "dbflip.jar");
        Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        Path out = f.dir.resolve("probe.out");
        Path err = f.dir.resolve("probe.err");
        Path gaps = f.dir.resolve("gaps.txt");
        Process p = startProbe(jar, out, err, "100", "--gaps", gaps.toString());
        Thread.sleep(1500);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the probe ends within its check's bound").isTrue();
        String printed = Files.readString(out);
        assertThat(printed).as(Files.readString(err)).containsPattern("acknowledged [1-9][0-9]*, lost \\(missing on a server\\) 0 ");
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(gaps).as("the gaps file is written").exists();
    }

    /**
     * `--trace`: a flip under the probe leaves, in the trace file, the attempts that failed while the window was
     * closed (with the phase and the server's error code) and the first acknowledged write after them, on the new
     * master's address; no password in it.
     */
    @Test
    void aProbeTracesTheAttemptsThatFailedDuringAFlipAndTheFirstWriteAfterThem() throws Exception {
        Path jar = Path.of("target", "dbflip.jar");
        Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        Path out = f.dir.resolve("trace-probe.out");
        Path err = f.dir.resolve("trace-probe.err");
        Path trace = f.dir.resolve("trace.txt");
        Process p = startProbe(jar, out, err, "200", "--trace", trace.toString());
        Thread.sleep(1000);
        Topology t = Topology.read(f.cluster, f.opener);
        String to = t.replica().role();
        String toAddress = t.replica().host();
        FlipReport r = f.flip(to, FlipListener.NONE);
        assertThat(r.outcome()).isEqualTo("completed");
        Thread.sleep(1000);
        p.destroy(); // SIGTERM: the trace is written with the rest
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        java.util.List<String> lines = Files.readAllLines(trace);
        System.out.println(String.join("\n", lines));
        assertThat(lines).as("a failed attempt inside the window, with its phase and code")
                .anyMatch(l -> l.matches("\\d+ (\\d+|-) \\d+ (resolve|connect|write) \\S+ -?\\d+.*"));
        assertThat(lines).as("the first acknowledged write after the failures, on the new master")
                .anyMatch(l -> l.matches("\\d+ (\\d+|-) \\d+ ok " + java.util.regex.Pattern.quote(toAddress) + " 0"));
        String password = f.sandbox.env().get("DBFLIP_APP_PASSWORD");
        assertThat(Files.readString(trace)).doesNotContain(password);
    }

    /** `dbflip probe` in its own process for 10 minutes at {@code rate} writes/s, once it says it writes. */
    private static Process startProbe(Path jar, Path out, Path err, String rate, String... more) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(FaultIT.java(), "-jar", jar.toString(),
                "probe", f.cluster.name(), "--config", f.sandbox.configFile().toString(), "--rate", rate, "--duration", "10m"));
        cmd.addAll(java.util.List.of(more));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(err) && Files.readString(err).contains(" for 10m ...")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.readString(err)).as("the probe started writing").contains(" for 10m ...");
        return p;
    }
}
