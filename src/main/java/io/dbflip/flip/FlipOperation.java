package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.journal.ClusterLock;
import io.dbflip.journal.Journal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * One flip of one cluster as the CLI, the fleet and the tests run it: read the topology, take the
 * cluster's lock, journal it, preflight, confirm, run, save the report.
 */
public final class FlipOperation {
    public record Options(String to, boolean dryRun, Path reportDir, String operator) {
    }

    /** What a dry run or a confirmation shows: the checks and the plan. */
    public record Preview(SideConfig from, SideConfig to, List<Check> checks, List<String> plan) {
        public boolean ok() {
            return checks.stream().allMatch(Check::ok);
        }
    }

    private final DbflipConfig config;
    private final ClusterConfig cluster;
    private final FlipFactory flips;
    private volatile FlipRunner current;

    public FlipOperation(DbflipConfig config, ClusterConfig cluster, FlipSession.Opener opener,
                         FlipRunner.DnsPlanner dns, Journal journal) {
        this.config = config;
        this.cluster = cluster;
        this.flips = new FlipFactory(cluster, opener, dns, journal);
    }

    /**
     * Runs the flip. {@code confirm} sees the preview (checks and plan) and says whether to go on;
     * a dry run stops after the preview. Returns the report (null for a dry run).
     */
    public FlipReport run(Options o, Predicate<Preview> confirm, FlipListener listener) {
        Topology t = flips.topology();
        SideConfig from = t.master();
        SideConfig to = t.replica();
        if (o.to() != null && !o.to().equals(to.role())) {
            if (o.to().equals(from.role())) {
                throw DbflipException.precondition(cluster.name() + ": " + from.role() + " is already the master");
            }
            throw DbflipException.usage(cluster.name() + ": no side named '" + o.to() + "' (sides: "
                    + from.role() + ", " + to.role() + ")");
        }
        try (ClusterLock lock = flips.lock(o.operator(), false)) {
            FlipRunner runner = flips.begin(from, to, o.operator(), o.dryRun(), listener);
            current = runner;
            Preview preview;
            try {
                List<Check> checks = runner.preflight();
                preview = new Preview(from, to, checks, runner.plan());
            } catch (RuntimeException e) {
                // nothing changed yet: close the flip in the journal, never leave it "interrupted"
                runner.abandon(FlipEnd.REFUSED);
                throw e;
            }
            // the preview is always shown (a dry run is the preview); only then is a dry run stopped
            boolean go = confirm.test(preview) && !o.dryRun();
            if (!go) {
                runner.abandon(o.dryRun() ? FlipEnd.DRY_RUN : FlipEnd.NOT_CONFIRMED);
                if (!preview.ok()) {
                    throw DbflipException.precondition("preflight refused (" + preview.checks().stream()
                            .filter(c -> !c.ok()).map(Check::name).toList() + ")");
                }
                return null;
            }
            try {
                FlipReport report = runner.run();
                FlipFactory.save(report, o.reportDir());
                return report;
            } catch (FlipFailedException e) {
                FlipFactory.save(e.report(), o.reportDir());
                throw e;
            }
        }
    }

    /** SIGTERM: the running flip stops at its next step boundary (see FlipRunner#requestStop). */
    public void requestStop(String why) {
        FlipRunner r = current;
        if (r != null) {
            r.requestStop(why);
        }
    }

    public DbflipConfig config() {
        return config;
    }
}
