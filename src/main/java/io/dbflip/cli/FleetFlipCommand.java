package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.fleet.ClusterResult;
import io.dbflip.fleet.FleetContext;
import io.dbflip.fleet.FleetFlip;
import io.dbflip.fleet.FleetReport;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipListener;
import io.dbflip.journal.Journal;
import io.dbflip.journal.LockHolder;
import io.dbflip.progress.ProgressOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code dbflip fleet flip --select … [--to SIDE] [--canary N] [--parallel N] [--all-at-once] …}. */
@Command(name = "flip", mixinStandardHelpOptions = true,
        description = {"Flip every selected cluster: preflight of all first (one failure refuses the run, unless "
                + "--skip-failing), then the canary, then the rest N at a time, or all at once.",
                "Going back is the same command with the other side."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every selected cluster flipped or already on --to", "1:a flip failed, or the run stopped",
                "2:bad usage, config or selection", "3:preflight refused the run (nothing changed)"})
public final class FleetFlipCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--select"}, paramLabel = "TERMS", required = true,
            description = "Which clusters ('*' for all): NAME|GLOB, LABEL=V, LABEL=A|B, LABEL=1..8; comma = and.")
    String select;

    @Option(names = "--to", paramLabel = "SIDE", description = "The side to make master (e.g. aurora, onprem). "
            + "Clusters already there are skipped and reported. Default: each cluster's other side.")
    String to;

    @Option(names = "--canary", paramLabel = "N", defaultValue = "0",
            description = "Flip N clusters first, verify them, and go on only if they succeeded (and you agree).")
    int canary;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "At most N flips at once (default 1).")
    int parallel;

    @Option(names = "--all-at-once", description = "Prepare every cluster, then run every write window together.")
    boolean allAtOnce;

    @Option(names = "--skip-failing", description = "Leave out the clusters whose preflight fails (named) instead of refusing the run.")
    boolean skipFailing;

    @Option(names = "--stop-on-failure", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After a failure start no new flip; running ones finish or roll back (default). "
                    + "--no-stop-on-failure goes on with the rest.")
    boolean stopOnFailure;

    @Option(names = "--dry-run", description = "Preflight every cluster and show what would flip; change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask (before the run, and after the canary).")
    boolean yes;

    @Option(names = "--json", description = "Print the fleet report as JSON.")
    boolean json;

    @Option(names = "--no-supervisor", description = "Do not start the supervisor process that finishes or rolls back"
            + " the clusters' flips should this process die (also $DBFLIP_NO_SUPERVISOR).")
    boolean noSupervisor;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    JournalOptions journalOptions;

    @Override
    public Integer call() throws Exception {
        DbflipConfig config = configOptions.load();
        List<ClusterConfig> selected = FleetCommand.select(config, select);
        FleetFlip.Options o = new FleetFlip.Options(to, canary, parallel, allAtOnce, skipFailing, stopOnFailure, dryRun);
        // as for a single flip (FlipCommand): one supervisor, started before the journal is opened, recovers
        // every cluster whose flip this process began should it die inside a window
        Supervisor supervisor = dryRun || noSupervisor || System.getenv("DBFLIP_NO_SUPERVISOR") != null ? null
                : Supervisor.start(selected.stream().map(ClusterConfig::name).toList(), configOptions.resolvedPaths(),
                journalOptions.location(config), journalOptions.reportDir(config), System.err);
        try (ServerOpener opener = new ServerOpener(); Journal journal = journalOptions.open(config)) {
            return run(config, selected, o, opener, journal, FlipCommand.beforeTheFence(supervisor));
        } finally {
            if (supervisor != null) {
                supervisor.close();
            }
        }
    }

    private int run(DbflipConfig config, List<ClusterConfig> selected, FleetFlip.Options o, ServerOpener opener,
                    Journal journal, FlipListener beforeTheFence) throws Exception {
        Set<String> names = selected.stream().map(ClusterConfig::name).collect(Collectors.toSet());
        List<LockHolder> held = journal.holders().stream().filter(h -> names.contains(h.cluster())).toList();
        held.forEach(h -> System.err.println("dbflip: " + h.cluster() + " is held by " + h.describe()));
        ProgressOutput out = ProgressOptions.output(spec);
        FleetReport r;
        FlipListener halt = FlipCommand.faultHalt();
        try (FleetProgress progress = new FleetProgress(dryRun ? ProgressOutput.QUIET : out, selected.size())) {
            FleetContext ctx = new FleetContext(opener, new ClusterDns(config), journal, Operators.current(),
                    journalOptions.reportDir(config), c -> FlipListener.both(progress.apply(c), FlipListener.both(halt, beforeTheFence)));
            r = new FleetFlip(ctx, line -> out.note("fleet: " + line)).run(selected, o, this::ask);
        }
        System.out.print(json ? FleetCommand.JSON.writeValueAsString(r) + "\n" : r.table());
        if (!dryRun) {
            (json ? System.err : System.out).println("fleet report: "
                    + io.dbflip.report.FleetHtml.write(r, journalOptions.reportDir(config)));
        }
        // with --json, standard output carries the report alone
        java.io.PrintStream summary = json ? System.err : System.out;
        summary.printf("%s (%s): %s; wall %.0f ms%n", r.exitCode() == 0 ? "done" : "NOT DONE", r.mode(), r.summary(), r.wallMillis());
        long left = r.results().stream().filter(x -> x.outcome().equals(ClusterResult.LEFT_OUT)).count();
        if (left > 0) {
            summary.println("left out: " + r.results().stream().filter(x -> x.outcome().equals(ClusterResult.LEFT_OUT))
                    .map(ClusterResult::cluster).collect(Collectors.joining(", ")));
        }
        return r.exitCode();
    }

    private boolean ask(String question) {
        if (yes || dryRun) {
            return true;
        }
        System.out.print(question + " [y/N] ");
        System.out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            return answer != null && answer.trim().equalsIgnoreCase("y");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
