package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.flip.FlipFailedException;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipListener;
import io.dbflip.flip.FlipOperation;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;
import io.dbflip.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code dbflip flip CLUSTER [--to SIDE] [--dry-run] [--yes]}. */
@Command(name = "flip", mixinStandardHelpOptions = true,
        description = {"Move the master role of CLUSTER to its other side (or --to SIDE): preflight, then the "
                + "switchover steps, journaled, with rollback before the point of no return.",
                "Flipping back is the same command again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:flipped (or dry run passed)", "1:failed or rolled back", "2:bad usage or config",
                "3:preflight refused"})
public final class FlipCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER", description = "The cluster's name in the config.")
    String clusterName;

    @Option(names = "--to", paramLabel = "SIDE", description = "The side to make master (default: the side that is not master now).")
    String to;

    @Option(names = "--dry-run", description = "Run every preflight check and print the plan; change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--no-supervisor", description = "Do not start the supervisor process that finishes or rolls back"
            + " the flip should this process die (also $DBFLIP_NO_SUPERVISOR).")
    boolean noSupervisor;

    @Option(names = "--catch-up-wait", paramLabel = "DURATION", defaultValue = "0s",
            description = "Before preflight, wait up to this long (e.g. 10m) for the new master's lag to come within "
                    + "limits.max_lag, showing its progress; it reads only. Default ${DEFAULT-VALUE}: no wait (preflight refuses a lagging replica).")
    String catchUpWait;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the report as JSON instead of Markdown.")
    boolean json;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    JournalOptions journalOptions;

    @Override
    public Integer call() {
        DbflipConfig config = configOptions.load();
        ClusterConfig cluster = config.cluster(clusterName);
        // with --json, standard output carries the report alone; progress and the preview go to stderr
        PrintStream out = json ? System.err : System.out;
        java.time.Duration catchUp = Durations.parse(catchUpWait, "--catch-up-wait");
        if (!catchUp.isZero() && !dryRun) {
            awaitCatchUp(config, cluster, catchUp);
        }
        // a supervisor that outlives this JVM finishes or rolls back the flip should this process die. It
        // starts first and opens the journal first: an embedded journal then lives in its process, so a
        // death of this one leaves no stale database lock for it to wait out
        Supervisor supervisor = dryRun || noSupervisor || System.getenv("DBFLIP_NO_SUPERVISOR") != null ? null
                : Supervisor.start(cluster.name(), configOptions.resolvedPaths(), journalOptions.location(config),
                journalOptions.reportDir(config), System.err);
        try (ServerOpener opener = new ServerOpener(); Journal journal = journalOptions.open(config)) {
            FlipOperation op = new FlipOperation(config, cluster, opener, new ClusterDns(config), journal);
            java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
            // SIGTERM: stop at the next step boundary (roll back before the point of no return), then exit
            Thread onTerm = new Thread(() -> {
                op.requestStop("dbflip received SIGTERM");
                System.err.println("dbflip: SIGTERM: stopping at the next safe point ...");
                try {
                    finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(onTerm);
            FlipReport report;
            try {
                report = op.run(new FlipOperation.Options(to, dryRun, journalOptions.reportDir(config), Operators.current()),
                        preview -> confirm(preview, out), FlipListener.both(progress(out), beforeTheFence(supervisor)));
            } catch (FlipFailedException e) {
                if (e.report() != null && !e.report().steps().isEmpty()) {
                    out.println();
                    System.out.println(json ? e.report().toJson() : e.report().toMarkdown());
                }
                throw e;
            } finally {
                if (supervisor != null) {
                    supervisor.close();
                }
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onTerm);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down: the hook is running
                }
            }
            if (report == null) {
                return 0;
            }
            out.println();
            System.out.println(json ? report.toJson() : report.toMarkdown());
            out.println("report saved in " + journalOptions.reportDir(config).resolve("flip-" + report.flipId() + ".{json,md,html}"));
            return 0;
        }
    }

    /** Waits (reading only, bounded) for the side that becomes master to come within max_lag; preflight judges after. */
    private void awaitCatchUp(DbflipConfig config, ClusterConfig cluster, java.time.Duration bound) {
        try (ServerOpener opener = new ServerOpener()) {
            io.dbflip.config.SideConfig b = to != null ? cluster.side(to).orElseThrow(
                    () -> io.dbflip.DbflipException.usage("--to: no side named '" + to + "' in cluster " + cluster.name()))
                    : io.dbflip.flip.Topology.read(cluster, opener).replica();
            try (io.dbflip.mysql.Server server = opener.open(b, b.admin())) {
                long maxLag = cluster.limits().maxLag().toSeconds();
                io.dbflip.flip.CatchUpWait.Result r = io.dbflip.flip.CatchUpWait.await(b.role() + " catching up",
                        () -> {
                            io.dbflip.mysql.ServerState st = io.dbflip.mysql.Inspector.inspect(server);
                            return st.replication() == null ? null : st.replication().secondsBehind();
                        }, maxLag, bound, java.time.Duration.ofSeconds(1), ProgressOptions.output(spec));
                if (!r.caughtUp()) {
                    System.err.println("dbflip: " + b.role() + " did not come within " + maxLag + " s of lag in "
                            + r.waited().toSeconds() + " s (lag " + (r.lastLag() == null ? "unknown" : r.lastLag() + " s")
                            + "); preflight decides");
                }
            }
        }
    }

    private boolean confirm(FlipOperation.Preview p, PrintStream out) {
        out.println("Flip " + clusterName + ": " + p.from().role() + " (" + p.from().address() + ") → " + p.to().role()
                + " (" + p.to().address() + ")");
        out.println("\nPreflight:");
        p.checks().forEach(out::println);
        out.println("\nPlan:");
        p.plan().forEach(s -> out.println("  " + s));
        if (!p.ok()) {
            return false;
        }
        if (dryRun) {
            out.println("\nDry run: nothing was changed.");
            return false;
        }
        if (yes) {
            return true;
        }
        out.print("\nFlip now? [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            return answer != null && answer.trim().equalsIgnoreCase("y");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Fault injection for the crash tests and bench/chaos: with {@code DBFLIP_FAULT_HALT_AFTER_STEP=N},
     * a listener under which the process dies as under kill -9 right after step N; null without it.
     */
    static FlipListener faultHalt() {
        String halt = System.getenv("DBFLIP_FAULT_HALT_AFTER_STEP");
        if (halt == null || halt.isBlank()) {
            return null;
        }
        int haltAfter = Integer.parseInt(halt.strip());
        return new FlipListener() {
            @Override
            public void afterStep(StepRecord s) {
                if (s.no() == haltAfter) {
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(137);
                }
            }
        };
    }

    static FlipListener progress(PrintStream out) {
        // fault injection for the crash tests and bench/chaos: the process dies as under kill -9 right after step N
        String halt = System.getenv("DBFLIP_FAULT_HALT_AFTER_STEP");
        int haltAfter = halt == null || halt.isBlank() ? -1 : Integer.parseInt(halt.strip());
        // each step's line as it ends, inside the window too (the fault campaign kills at a step's line):
        // built by concatenation, not printf, whose first use costs a cold JVM milliseconds inside the
        // blackout; the first line is built before any step
        line(new StepRecord(io.dbflip.journal.StepKind.STEP, 0, "warm-up", 0, 0, 0.5, io.dbflip.journal.StepResult.OK, null));
        return new FlipListener() {
            @Override
            public void afterStep(StepRecord s) {
                out.println(line(s));
                if (s.kind() == io.dbflip.journal.StepKind.STEP && s.no() == haltAfter) {
                    out.flush();
                    Runtime.getRuntime().halt(137);
                }
            }
        };
    }

    /**
     * Before the fence, the supervisor's warm-up done (bounded by {@value #SUPERVISOR_WARM_BOUND_MS} ms):
     * its cold JVM reads both sides and every DNS record while this flip runs its preflight, so that a
     * recovery after a kill runs warm code, and must not do so inside the blackout.
     */
    static FlipListener beforeTheFence(Supervisor supervisor) {
        if (supervisor == null) {
            return FlipListener.NONE;
        }
        return new FlipListener() {
            @Override
            public void windowOpens() {
                long waited = supervisor.awaitWarm(java.time.Duration.ofMillis(SUPERVISOR_WARM_BOUND_MS));
                if (waited >= 100) {
                    System.err.println("dbflip: waited " + waited + " ms before the fence for the supervisor's warm-up");
                }
            }
        };
    }

    static final long SUPERVISOR_WARM_BOUND_MS = 5_000;

    /** "  NNN name (padded to 30)   ms.cc ms  RESULT  details", as printf("  %3d %-30s %8.2f ms  %s%s") wrote it. */
    static String line(StepRecord s) {
        StringBuilder b = new StringBuilder(96).append("  ");
        String no = Integer.toString(s.no());
        b.append(" ".repeat(Math.max(0, 3 - no.length()))).append(no).append(' ').append(s.name());
        b.append(" ".repeat(Math.max(0, 30 - s.name().length())));
        long hundredths = Math.round(s.millis() * 100);
        String ms = (hundredths / 100) + "." + (hundredths % 100 < 10 ? "0" : "") + (hundredths % 100);
        b.append(' ').append(" ".repeat(Math.max(0, 8 - ms.length()))).append(ms).append(" ms  ").append(s.result());
        if (s.details() != null) {
            b.append("  ").append(s.details());
        }
        return b.toString();
    }
}
