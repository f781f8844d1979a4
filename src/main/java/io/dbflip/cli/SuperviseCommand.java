package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.Recovery;
import io.dbflip.flip.Topology;
import io.dbflip.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code dbflip supervise CLUSTER... --parent PID}: started by a CLI flip, a fleet flip or {@code
 * dbflip serve} (see {@link Supervisor}), never by hand. Loads what recovery needs, says it is ready,
 * then waits on its stdin. "done" ends it; a pipe closed without it means the parent process died: it
 * waits for the parent to be gone (the OS frees its journal lock), then for each of its clusters reads
 * the interrupted flip and the servers as {@code dbflip status} does, and resumes or rolls back
 * accordingly — the clusters at once, each within a second or so of the death, with no one typing.
 * It acts only on a flip its parent began (the journal records the flip's pid): a flip of another
 * operator or host, or one left over from before, is left to them and to {@code status}.
 */
@Command(name = "supervise", hidden = true, description = "Watch a flip's process; finish or roll back its flips should it die.")
public final class SuperviseCommand implements Callable<Integer> {
    static final String READY = "supervisor ready";
    static final String DONE = "done";
    static final String WARMED = "warmed up in";
    static final String WARM_FAILED = "warm-up read failed";

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "CLUSTER") List<String> clusterNames;
    @Option(names = "--parent", required = true, paramLabel = "PID") long parent;
    @Mixin ConfigOptions configOptions;
    @Mixin JournalOptions journalOptions;

    @Override
    public Integer call() throws Exception {
        DbflipConfig config = configOptions.load();
        List<ClusterConfig> clusters = new ArrayList<>();
        for (String name : clusterNames) {
            clusters.add(config.cluster(name));
        }
        try (ServerOpener opener = new ServerOpener(); Journal journal = journalOptions.open(config)) {
            ClusterDns dns = new ClusterDns(config);
            // opened before the flip opens it: an embedded journal's database then lives in this process
            journal.unfinished(clusters.get(0).name());
            log(READY + " for flips of " + String.join(", ", clusterNames) + " by pid " + parent);
            // its own opener and DNS client: a recovery may start while it still runs, and shares nothing with it
            Thread warm = new Thread(() -> warmUp(clusters.get(0), config), "supervisor-warm-up");
            warm.setDaemon(true);
            warm.start();
            if (Supervisor.toldDone(System.in)) {
                log("the flips ended their own way; nothing to do");
                return 0;
            }
            long t0 = System.nanoTime();
            log("the flip's process " + parent + " is gone without saying it was done; recovering");
            Optional<ProcessHandle> p = ProcessHandle.of(parent);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isPresent() && p.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<Thread> workers = new ArrayList<>();
            AtomicInteger failed = new AtomicInteger();
            for (ClusterConfig cluster : clusters) {
                Thread w = new Thread(() -> {
                    if (!recover(cluster, journal, opener, dns, config, t0)) {
                        failed.incrementAndGet();
                    }
                }, "recover-" + cluster.name());
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
            return failed.get() == 0 ? 0 : 1;
        }
    }

    /**
     * While the flip runs (it is in its preflight when this starts, seconds before its window): the
     * recovery's reads, changing nothing — both sides' replica rows on new admin connections (closed at
     * once) and every DNS record — so that a recovery after a kill runs loaded, linked code. Cold, the
     * first recovery spent 0.7 s deciding and 0.3-0.4 s on its first DNS read (bench/chaos every-step,
     * MySQL, 2026-12-03): writes came back 2-3 s after the kill where the target is 2 s. A failure here
     * is only logged: the recovery reads everything again.
     */
    private static void warmUp(ClusterConfig cluster, DbflipConfig config) {
        long t0 = System.nanoTime();
        try (ServerOpener opener = new ServerOpener()) {
            Topology t = Topology.read(cluster, opener);
            new ClusterDns(config).check(cluster, t.master(), cluster.limits().maxTtl());
            // the compilations this queued would run on the cores the flip's window needs: the flip waits for
            // this line before its fence, so wait here (bounded) for the compiler to fall idle first
            long quiet = io.dbflip.flip.Jit.quiesce();
            log(String.format(WARMED + " %.0f ms (read both sides and every DNS record; JIT idle after %d ms)",
                    (System.nanoTime() - t0) / 1e6, quiet));
        } catch (RuntimeException e) {
            log(WARM_FAILED + " (the recovery reads everything again): " + e.getMessage());
        }
    }

    /**
     * Recovers, and once more from a new assessment when that failed: a failure may pass (a resume's check
     * waiting for the old master to catch up under a load, a server restarting), and every recovery step
     * is idempotent. A second failure is left to `dbflip status`, as the log says.
     */
    private boolean recover(ClusterConfig cluster, Journal journal, ServerOpener opener, ClusterDns dns,
                            DbflipConfig config, long t0) {
        for (int attempt = 1; ; attempt++) {
            try {
                return recoverOnce(cluster, journal, opener, dns, config, t0);
            } catch (DbflipException e) {
                if (attempt >= RECOVERY_ATTEMPTS) {
                    log(cluster.name() + ": recovery failed: " + e.getMessage() + "; run what `dbflip status " + cluster.name() + "` names");
                    return false;
                }
                log(cluster.name() + ": recovery failed: " + e.getMessage() + "; trying once more in " + RETRY_PAUSE_MS
                        + " ms, from a new assessment");
                try {
                    Thread.sleep(RETRY_PAUSE_MS);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    static final int RECOVERY_ATTEMPTS = 2;
    static final long RETRY_PAUSE_MS = 2_000;

    private boolean recoverOnce(ClusterConfig cluster, Journal journal, ServerOpener opener, ClusterDns dns,
                                DbflipConfig config, long t0) {
        String name = cluster.name();
        Recovery recovery = new Recovery(cluster, journal, opener, dns);
        long assessing = System.nanoTime();
        Optional<Recovery.Assessment> a = recovery.assess();
        String took = String.format(" (assessed in %.0f ms, %.0f ms after the death)", (System.nanoTime() - assessing) / 1e6,
                (System.nanoTime() - t0) / 1e6);
        if (a.isEmpty()) {
            log(name + ": no interrupted flip in the journal: nothing to do");
            return true;
        }
        if (a.get().flip().pid() != parent) {
            log(name + ": the interrupted flip " + a.get().flip().id() + " is pid " + a.get().flip().pid() + "'s on "
                    + a.get().flip().host() + ", not this supervisor's (" + parent + "): left to `dbflip status " + name + "`");
            return true;
        }
        log(name + ": " + a.get().describe() + took);
        FlipReport r = recovery.recover(a.get(), "supervisor", journalOptions.reportDir(config));
        log(String.format("%s: %s: %s in %.0f ms after the flip's process died; report %s", name, a.get().way(),
                r.outcome(), (System.nanoTime() - t0) / 1e6, r.flipId()));
        return true;
    }

    private static synchronized void log(String line) {
        System.out.println(Instant.now() + " " + line);
        System.out.flush();
    }
}
