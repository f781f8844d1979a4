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

    /** The probes a test started: one that failed before stopping its probe leaves it writing for 10 minutes. */
    private static final java.util.List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopLeftProbes() {
        STARTED.forEach(Process::destroyForcibly);
        STARTED.clear();
    }

    @Test
    void aProbeStoppedBySigtermStillChecksForLostWritesWritesItsGapsAndExitsByTheResult() throws Exception {
        Path gaps = f.dir.resolve("gaps.txt");
        Process p = startProbe("probe", "100", "--gaps", gaps.toString());
        Path out = f.dir.resolve("probe.out");
        Path err = f.dir.resolve("probe.err");
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
        Path trace = f.dir.resolve("trace.txt");
        Process p = startProbe("trace-probe", "200", "--trace", trace.toString());
        Path out = f.dir.resolve("trace-probe.out");
        Path err = f.dir.resolve("trace-probe.err");
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

    /**
     * `--pool`: the probe keeps its connection through read-only refusals (as HikariCP does): with the master
     * made read-only for a moment by hand, its trace shows writes refused with 1290 on the session it kept and
     * the next write acknowledged on that same session (no reconnect). Then, through a flip there and back, it
     * writes on each new master with nothing lost.
     */
    @Test
    void aPoolingProbeKeepsItsSessionThroughReadOnlyRefusalsAndLosesNothing() throws Exception {
        Path trace = f.dir.resolve("pool-trace.txt");
        Process p = startProbe("pool-probe", "200", "--pool", "--trace", trace.toString());
        Path out = f.dir.resolve("pool-probe.out");
        Path err = f.dir.resolve("pool-probe.err");
        Thread.sleep(1000);
        Topology t = Topology.read(f.cluster, f.opener);
        String master = t.master().host();
        try (java.sql.Connection root = java.sql.DriverManager.getConnection(
                io.dbflip.sandbox.SandboxServer.jdbcUrl(t.master().host(), t.master().port()),
                io.dbflip.sandbox.SandboxServer.ROOT_USER, io.dbflip.sandbox.SandboxServer.ROOT_PASSWORD);
             java.sql.Statement st = root.createStatement()) {
            st.execute("SET GLOBAL read_only = ON");
            Thread.sleep(300);
            st.execute("SET GLOBAL read_only = OFF");
        }
        Thread.sleep(500);
        for (String to : java.util.List.of(t.replica().role(), t.master().role())) {
            FlipReport r = f.flip(to, FlipListener.NONE);
            assertThat(r.outcome()).as(String.valueOf(r.error())).isEqualTo("completed");
        }
        Thread.sleep(1000);
        p.destroy();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out);
        assertThat(printed).as(Files.readString(err)).containsPattern("lost \\(missing on a server\\) 0 ");
        assertThat(p.exitValue()).as(printed).isZero();
        java.util.List<String> lines = Files.readAllLines(trace);
        System.out.println(String.join("\n", lines));
        String m = java.util.regex.Pattern.quote(master);
        assertThat(lines).as("writes refused as read-only on the session it kept")
                .anyMatch(l -> l.matches("\\d+ - \\d+ write " + m + " 1290 .*"));
        assertThat(lines).as("the next write acknowledged on that same session, no reconnect")
                .anyMatch(l -> l.matches("\\d+ - \\d+ ok " + m + " 0"));
        assertThat(lines).as("writing again on the other side after the first flip")
                .anyMatch(l -> l.matches("\\d+ (\\d+|-) \\d+ ok " + java.util.regex.Pattern.quote(t.replica().host()) + " 0"));
    }

    /**
     * An app session that reaches the old master after step 5 (its address resolved before the DNS change)
     * would stay there, refused as read-only; a pool would keep it for ever. Step 13, after reading the
     * records back, ends it, and the report says so.
     */
    @Test
    void anAppSessionThatReachedTheOldMasterLateIsEndedAfterTheFlip() throws Exception {
        // there and back: one flip leaves onprem (a read-only fence, which lets the late session in), the other
        // leaves aurora (an account-lock fence, which refuses it)
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            seen.add(flipWithALateSession());
        }
        assertThat(seen).containsExactlyInAnyOrder("ended", "refused");
    }

    private String flipWithALateSession() throws Exception {
        Topology t = Topology.read(f.cluster, f.opener);
        io.dbflip.config.SideConfig a = t.master();
        java.util.Map<String, String> env = f.sandbox.env();
        java.util.concurrent.atomic.AtomicReference<java.sql.Connection> late = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<java.sql.SQLException> refused = new java.util.concurrent.atomic.AtomicReference<>();
        FlipListener opensOne = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 9) {
                    try {
                        late.set(java.sql.DriverManager.getConnection(io.dbflip.sandbox.SandboxServer.jdbcUrl(a.host(), a.port()),
                                env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD")));
                    } catch (java.sql.SQLException e) {
                        refused.set(e);
                    }
                }
            }
        };
        FlipReport r = f.flip(t.replica().role(), opensOne);
        assertThat(r.outcome()).as(String.valueOf(r.error())).isEqualTo("completed");
        if (a.fence().contains("account-lock")) {
            // this fence refuses a late session outright: nothing can reach A to be stranded there
            assertThat((Object) refused.get()).as(a.role() + "'s " + a.fence() + " fence refuses the late session").isNotNull();
            assertThat(refused.get().getMessage()).containsIgnoringCase("locked");
            return "refused";
        }
        assertThat((Object) refused.get()).as("a read-only fence lets the late session in").isNull();
        try (java.sql.Connection c = late.get()) {
            assertThat(c.isValid(5)).as("the late session on " + a.role() + " was ended").isFalse();
        }
        boolean deferred = r.steps().stream().anyMatch(st -> st.is(FlipStep.KILL_A) && String.valueOf(st.details()).startsWith("deferred"));
        if (deferred) {
            // MySQL's super_read_only fence: step 4 runs after the unfence and ends it with every other client session
            assertThat(r.steps()).anyMatch(st -> st.is(FlipStep.CHECK)
                    && String.valueOf(st.details()).contains("client session(s) on " + a.role() + " ended after the unfence (step 4, deferred)"));
            return "ended";
        }
        assertThat(r.notes()).anyMatch(n -> n.startsWith("1 app session(s) reached " + a.role()));
        assertThat(r.steps()).anyMatch(st -> st.no() == 13 && String.valueOf(st.details()).contains("1 late app session(s) on " + a.role() + " ended"));
        return "ended";
    }

    /**
     * `dbflip probe` in its own process for 10 minutes at {@code rate} writes/s, once it says it writes; its
     * output in NAME.out and NAME.err of the fixture's dir. Skips the test without the built jar.
     */
    private static Process startProbe(String name, String rate, String... more) throws Exception {
        Path jar = Path.of("target", "dbflip.jar");
        Assumptions.assumeTrue(Files.exists(jar), "target/dbflip.jar is built by mvn package");
        Path out = f.dir.resolve(name + ".out");
        Path err = f.dir.resolve(name + ".err");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(FaultIT.java(), "-jar", jar.toString(),
                "probe", f.cluster.name(), "--config", f.sandbox.configFile().toString(), "--rate", rate, "--duration", "10m"));
        cmd.addAll(java.util.List.of(more));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        STARTED.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(err) && Files.readString(err).contains(" for 10m ...")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.readString(err)).as("the probe started writing").contains(" for 10m ...");
        return p;
    }
}
