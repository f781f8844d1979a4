package io.dbflip.flip;

import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.sandbox.Engine;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeResult;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault campaign (issue 14 item 4): flip after flip, each a CLI process with its supervisor,
 * under the probe and an OLTP-like load (writers as the app user, following the DNS name, each
 * keeping a multi-statement transaction open), and each flip SIGKILLed at a random point: after a
 * step drawn at random (2–13, the window's steps among them) and a random delay of 0–40 ms, so the
 * kill lands between steps or inside one. Nobody types anything afterwards. Each round checks:
 * exactly one writable side within the bound, the DNS name at it, the other side fenced and
 * replicating from it, in sync, the probe's acknowledged writes all there (none one-sided); at the
 * end every acknowledged load commit is on both sides. Seeded: the seed is printed, and
 * {@code DBFLIP_CAMPAIGN_SEED} replays a campaign. Used by CampaignIT (a few flips) and bench/chaos.
 */
final class ChaosCampaign {
    /** The bound on "writes back": generous, because the machine's CPU is shared; the figures say how long it took. */
    static final long WRITES_BACK_BOUND_MS = 30_000;
    private static final Pattern STEP_LINE = Pattern.compile("^\\s*(\\d+) ");

    record Round(int no, String from, String to, int killAfter, int delayMs, String lastLine, String how,
                 long backMillis, String master, int flipExit) {
    }

    private final SandboxFixture f;
    private final Faults x;
    final long seed;
    private final Random random;
    private final OltpLoad load;
    private final ConcurrentLinkedQueue<Long> committed;
    final List<Round> rounds = new ArrayList<>();

    ChaosCampaign(SandboxFixture f) {
        this.f = f;
        this.x = new Faults(f);
        String replay = System.getenv("DBFLIP_CAMPAIGN_SEED");
        this.seed = replay != null && !replay.isBlank() ? Long.parseLong(replay.strip()) : System.nanoTime();
        this.random = new Random(seed);
        Map<String, String> env = f.sandbox.env();
        this.load = new OltpLoad("dbflip_probe.chaos_t", 5, env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD"));
        this.committed = load.committed;
        x.sql(Topology.read(f.cluster, f.opener).master().role(), "CREATE DATABASE IF NOT EXISTS dbflip_probe",
                "CREATE TABLE IF NOT EXISTS dbflip_probe.chaos_t (id BIGINT PRIMARY KEY, writer INT NOT NULL,"
                        + " n INT NOT NULL, touched INT NOT NULL DEFAULT 0) ENGINE=InnoDB");
        System.out.println("FIGURE chaos seed " + seed + " (replay with DBFLIP_CAMPAIGN_SEED=" + seed + ")");
    }

    /** Runs {@code n} killed flips, each checked; throws at the first broken invariant (the seed is printed). */
    void run(int n, Path jar) throws Exception {
        for (int i = 1; i <= n; i++) {
            Round r = round(i, jar);
            rounds.add(r);
            System.out.printf("FIGURE chaos round %d: %s→%s killed after step %d +%d ms (last line: %s): %s, "
                            + "writes back on %s after %d ms%n", r.no, r.from, r.to, r.killAfter, r.delayMs, r.lastLine,
                    r.how, r.master, r.backMillis);
        }
        assertEveryCommitOnBothSides();
    }

    /**
     * Every step, both directions: for each step 2–13 and each side as the master, a flip killed after
     * that step (plus a seeded 0–40 ms); where the master is not the side wanted, an unkilled flip
     * first moves it there (checked as any round). Covers what a random draw may miss.
     */
    void runEveryStep(Path jar) throws Exception {
        int no = 0;
        List<String> sides = List.of(f.cluster.sides().get(0).role(), f.cluster.sides().get(1).role());
        // DBFLIP_CHAOS_FROM_STEP=N starts at step N (to replay a failure late in the list)
        String fromStep = System.getenv("DBFLIP_CHAOS_FROM_STEP");
        for (int step = fromStep == null || fromStep.isBlank() ? 2 : Integer.parseInt(fromStep.strip()); step <= 13; step++) {
            for (String from : sides) {
                for (int attempt = 0; attempt < 3 && !Topology.read(f.cluster, f.opener).master().role().equals(from); attempt++) {
                    Round move = round(++no, jar, NOT_KILLED, 0);
                    System.out.printf("FIGURE chaos round %d: %s→%s not killed (to start step %d's round from %s): %s%n",
                            move.no, move.from, move.to, step, from, move.how);
                }
                Round r = round(++no, jar, step, random.nextInt(41));
                rounds.add(r);
                System.out.printf("FIGURE chaos round %d: %s→%s killed after step %d +%d ms (last line: %s): %s, "
                                + "writes back on %s after %d ms%n", r.no, r.from, r.to, r.killAfter, r.delayMs, r.lastLine,
                        r.how, r.master, r.backMillis);
            }
        }
        assertEveryCommitOnBothSides();
    }

    /** A step the flip never reaches: the round's flip runs to its end. */
    private static final int NOT_KILLED = 99;

    private Round round(int no, Path jar) throws Exception {
        return round(no, jar, 2 + random.nextInt(12), random.nextInt(41));
    }

    private Round round(int no, Path jar, int killAfter, int delayMs) throws Exception {
        Topology before = Topology.read(f.cluster, f.opener);
        String a = before.master().role();
        String b = before.replica().role();
        Probe probe = f.probe("chaos-" + no, 200).start();
        OltpLoad.Writers writers = load.start(4, "chaos-load-", this::dnsTarget);
        Thread.sleep(300); // the load is under way: there is always an open transaction
        Path out = f.dir.resolve("chaos-" + no + ".out");
        ProcessBuilder pb = new ProcessBuilder(FaultIT.java(), "-jar", jar.toString(), "flip", f.cluster.name(),
                "--to", b, "--yes", "--config", f.sandbox.configFile().toString(),
                "--journal", f.dir.resolve("journal").toString()).redirectErrorStream(true);
        Process p = pb.start();
        AtomicLong killedAt = new AtomicLong();
        AtomicReference<String> lastLine = new AtomicReference<>("");
        Thread watcher = new Thread(() -> watch(p, out, killAfter, delayMs, killedAt, lastLine), "chaos-watch-" + no);
        watcher.start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        watcher.join(10_000);
        if (!ended) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("round " + no + ": the flip did not end in 120 s (seed " + seed + "): " + Files.readString(out));
        }
        String how;
        long from;
        if (killedAt.get() != 0) {
            how = "killed";
            from = killedAt.get();
        } else {
            // the flip ended before the kill came (its step was never printed, or it finished first)
            how = "ended by itself, exit " + p.exitValue();
            from = System.nanoTime();
        }
        long back = awaitOneWritable(a, b, from, no);
        awaitNothingUnfinished(no);
        ProbeResult result = probe.stop();
        writers.stop(15_000);
        String master;
        try {
            master = x.assertOneMasterAndNothingLost(result);
            String address = probe.resolve();
            assertThat(address).as("the DNS name names the writable master %s", master).isEqualTo(f.side(master).host());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("round " + no + " (seed " + seed + ", killed after step " + killAfter + " +" + delayMs
                    + " ms): " + e.getMessage() + "\nflip output:\n" + Files.readString(out), e);
        } finally {
            probe.close();
        }
        if (killedAt.get() == 0) {
            // not killed: it completed, or preflight refused it (exit 3, nothing changed: e.g. the replica
            // lagged past max_lag under the load on a loaded machine), or it rolled back because the replica,
            // seconds behind under the load, did not catch up within catch_up_timeout, before the fence or inside
            // the window (exit 1: A the master again, checked above as every round is); never any other failure
            String text = Files.readString(out);
            // (since session 6 a replica that far behind usually stops the flip before the fence: nothing fenced)
            boolean beforeFence = p.exitValue() == 1 && text.contains("(limits.catch_up_timeout); nothing was fenced");
            boolean catchUpBound = p.exitValue() == 1 && text.contains("(limits.catch_up_timeout): rolled back") || beforeFence;
            assertThat(p.exitValue() == 0 || p.exitValue() == 3 || catchUpBound)
                    .as("round %d: a flip that was not killed completed, was refused, or rolled back at the catch-up bound: %s", no, text)
                    .isTrue();
            if (p.exitValue() == 3) {
                assertThat(text).contains("preflight refused");
                how = "refused by preflight, nothing changed";
            } else if (beforeFence) {
                how = "stopped before the fence: the replica did not catch up under the load (nothing fenced)";
            } else if (catchUpBound) {
                how = "rolled back at the catch-up bound (the replica behind under the load)";
            }
        }
        return new Round(no, a, b, killAfter, delayMs, lastLine.get(), how, back, master, p.exitValue());
    }

    /** Copies the flip's output to its file; after step {@code killAfter}'s line and the delay, SIGKILL. */
    private static void watch(Process p, Path out, int killAfter, int delayMs, AtomicLong killedAt, AtomicReference<String> lastLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter copy = new PrintWriter(Files.newBufferedWriter(out), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                copy.println(line);
                Matcher m = STEP_LINE.matcher(line);
                if (m.find()) {
                    lastLine.set(line.strip().replaceAll("\\s+", " "));
                    if (Integer.parseInt(m.group(1)) == killAfter && killedAt.get() == 0) {
                        if (delayMs > 0) {
                            Thread.sleep(delayMs);
                        }
                        if (p.isAlive()) {
                            p.destroyForcibly(); // SIGKILL, as kill -9
                            killedAt.set(System.nanoTime());
                            copy.println("--- SIGKILL by the campaign ---");
                        }
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("chaos watcher: " + e);
        }
    }

    /** Milliseconds from {@code since} until exactly one side takes writes; fails past the bound. */
    private long awaitOneWritable(String a, String b, long since, int no) throws InterruptedException {
        long deadline = since + TimeUnit.MILLISECONDS.toNanos(WRITES_BACK_BOUND_MS);
        while (System.nanoTime() < deadline) {
            boolean wa = writable(a);
            boolean wb = writable(b);
            assertThat(wa && wb).as("round %d (seed %d): both %s and %s take writes", no, seed, a, b).isFalse();
            if (wa ^ wb) {
                return Math.max(0, (System.nanoTime() - since) / 1_000_000);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("round " + no + " (seed " + seed + "): no side takes writes " + WRITES_BACK_BOUND_MS
                + " ms after the kill, and nobody typed anything");
    }

    private boolean writable(String role) {
        try {
            return x.writable(role);
        } catch (IllegalStateException e) {
            return false; // a server busy with a recovery's statements: ask again
        }
    }

    private void awaitNothingUnfinished(int no) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Journal j = Journals.open(f.dir.resolve("journal").toString(), null)) {
                if (j.unfinished(f.cluster.name()).isEmpty()) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("round " + no + " (seed " + seed + "): the supervisor left the flip unfinished in the journal");
    }

    /** A writer's target: the master's address as the DNS name gives it, resolved again before each connection. */
    private OltpLoad.Target dnsTarget() {
        Probe resolver = f.probe("chaos-resolver", 1);
        int port = f.side("onprem").port();
        return new OltpLoad.Target() {
            @Override
            public String address() throws Exception {
                return resolver.resolve() + ":" + port;
            }

            @Override
            public void close() {
                resolver.close();
            }
        };
    }

    private void assertEveryCommitOnBothSides() {
        assertThat(committed).as("the load committed").isNotEmpty();
        Topology t = Topology.read(f.cluster, f.opener);
        try (var m = f.admin(t.master().role()); var rep = f.admin(t.replica().role())) {
            io.dbflip.verify.InSync.await(m, rep, java.time.Duration.ofSeconds(30));
            List<Long> all = List.copyOf(committed);
            for (var s : List.of(m, rep)) {
                long present = 0;
                for (int i = 0; i < all.size(); i += 5000) {
                    List<Long> part = all.subList(i, Math.min(all.size(), i + 5000));
                    present += Long.parseLong(s.queryString("SELECT COUNT(*) FROM dbflip_probe.chaos_t WHERE touched = 1 AND id IN ("
                            + String.join(",", part.stream().map(String::valueOf).toList()) + ")"));
                }
                assertThat(present).as("acknowledged load commits on %s (seed %d)", s.name(), seed).isEqualTo(all.size());
            }
            String sum = "SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(n), 0), '/', COALESCE(SUM(CRC32(CONCAT(id, ':', writer, ':', n, ':', touched))), 0)) FROM dbflip_probe.chaos_t";
            assertThat(rep.queryString(sum)).as("the load table's checksum on both sides").isEqualTo(m.queryString(sum));
        }
        System.out.printf("FIGURE chaos load: %d commits acknowledged, 0 lost, checksums equal%n", committed.size());
    }

    /** Per step killed: rounds, writes back p50/max, and outcomes. */
    List<String> figures(String engine) {
        // per step killed and direction (a kill after step 9 from onprem is not one from aurora)
        Map<String, List<Round>> byStep = new TreeMap<>();
        for (Round r : rounds) {
            byStep.computeIfAbsent(String.format("%2d, %s→%s", r.killAfter, r.from, r.to), k -> new ArrayList<>()).add(r);
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("chaos (%s, seed %d): %d flips, each SIGKILLed after a step + 0-40 ms, under the "
                + "probe and 4 OLTP writers; lost=0 in every round", engine, seed, rounds.size()));
        for (var e : byStep.entrySet()) {
            // writes back is measured from the kill: the rounds that ended or were refused first are only counted
            List<Long> ms = e.getValue().stream().filter(r -> r.how.equals("killed")).map(Round::backMillis).sorted().toList();
            long other = e.getValue().size() - ms.size();
            lines.add(ms.isEmpty()
                    ? String.format("  killed after step %s: %3d flip(s) (0 killed, %d ended or refused first), lost=0",
                    e.getKey(), e.getValue().size(), other)
                    : String.format("  killed after step %s: %3d flip(s) (%d killed, %d ended or refused first), writes back"
                            + " p50 %5d ms, max %5d ms, lost=0", e.getKey(), e.getValue().size(), ms.size(), other,
                    ms.get((ms.size() - 1) / 2), ms.get(ms.size() - 1)));
        }
        List<Long> all = rounds.stream().filter(r -> r.how.equals("killed")).map(Round::backMillis).sorted().toList();
        if (!all.isEmpty()) {
            lines.add(String.format("  all kills: %d, writes back p50 %d ms, max %d ms", all.size(),
                    all.get((all.size() - 1) / 2), all.get(all.size() - 1)));
        }
        return lines;
    }

    private static void copyTree(Path from, Path to) {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (java.io.IOException e) {
            System.err.println("chaos: could not keep " + from + ": " + e.getMessage());
        }
    }

    /** bench/chaos: {@code N|every-step [--engine mysql|mariadb]}; prints the figures per step killed. */
    public static void main(String[] args) throws Exception {
        boolean everyStep = args.length > 0 && args[0].equals("every-step");
        int n = args.length > 0 && !everyStep ? Integer.parseInt(args[0]) : 200;
        if (args.length > 2 && args[1].equals("--engine")) {
            System.setProperty("dbflip.engine", args[2]);
        }
        Path jar = Path.of("target", "dbflip.jar");
        try {
            campaign(everyStep, n, jar);
        } catch (Throwable t) {
            // the writers' and probes' threads would keep the JVM (and their load on the machine) alive
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void campaign(boolean everyStep, int n, Path jar) throws Exception {
        try (SandboxFixture fx = new SandboxFixture("chaos")) {
            ChaosCampaign c = new ChaosCampaign(fx);
            try {
                if (everyStep) {
                    c.runEveryStep(jar);
                } else {
                    c.run(n, jar);
                }
            } catch (Throwable t) {
                // the journal, the reports and the supervisors' logs outlive the sandbox, to read what happened
                Path kept = Path.of(System.getProperty("java.io.tmpdir"), "dbflip-chaos-failed-" + c.seed);
                copyTree(fx.dir.resolve("journal"), kept);
                System.out.println("chaos: a round failed; its journal, reports and supervisor logs are kept in " + kept);
                throw t;
            } finally {
                c.figures(Engine.defaultEngine().configName()).forEach(System.out::println);
            }
        }
    }
}
