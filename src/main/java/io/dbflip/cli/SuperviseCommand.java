package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.Recovery;
import io.dbflip.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code dbflip supervise CLUSTER --parent PID}: started by a CLI flip (see {@link Supervisor}), never
 * by hand. Loads what recovery needs, says it is ready, then waits on its stdin. "done" ends it; a
 * pipe closed without it means the flip's process died: it waits for the flip's journal lock to be
 * free (the OS frees it with the dead process), reads the interrupted flip and the servers as
 * {@code dbflip status} does, and resumes or rolls back accordingly — within a second or so of the
 * death, with no one typing. With no interrupted flip in the journal it does nothing.
 */
@Command(name = "supervise", hidden = true, description = "Watch a flip's process; finish or roll back its flip should it die.")
public final class SuperviseCommand implements Callable<Integer> {
    static final String READY = "supervisor ready";
    static final String DONE = "done";

    @Parameters(index = "0", paramLabel = "CLUSTER") String clusterName;
    @Option(names = "--parent", required = true, paramLabel = "PID") long parent;
    @Mixin ConfigOptions configOptions;
    @Mixin JournalOptions journalOptions;

    @Override
    public Integer call() throws Exception {
        DbflipConfig config = configOptions.load();
        ClusterConfig cluster = config.cluster(clusterName);
        try (ServerOpener opener = new ServerOpener(); Journal journal = journalOptions.open(config)) {
            ClusterDns dns = new ClusterDns(config);
            // opened before the flip opens it: an embedded journal's database then lives in this process
            journal.unfinished(clusterName);
            log(READY + " for flip of " + clusterName + " by pid " + parent);
            if (Supervisor.toldDone(System.in)) {
                log("the flip ended its own way; nothing to do");
                return 0;
            }
            long t0 = System.nanoTime();
            log("the flip's process " + parent + " is gone without ending its flip; recovering");
            Optional<ProcessHandle> p = ProcessHandle.of(parent);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isPresent() && p.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            {
                Recovery recovery = new Recovery(cluster, journal, opener, dns);
                Optional<Recovery.Assessment> a = recovery.assess();
                if (a.isEmpty()) {
                    log("no interrupted flip of " + clusterName + " in the journal: nothing to do");
                    return 0;
                }
                log(a.get().describe());
                try {
                    FlipReport r = recovery.recover(a.get().way(), "supervisor", journalOptions.reportDir(config));
                    log(String.format("%s: %s in %.0f ms after the flip's process died; report %s", a.get().way(),
                            r.outcome(), (System.nanoTime() - t0) / 1e6, r.flipId()));
                    return 0;
                } catch (DbflipException e) {
                    log("recovery failed: " + e.getMessage() + "; run what `dbflip status " + clusterName + "` names");
                    return 1;
                }
            }
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " " + line);
        System.out.flush();
    }
}
