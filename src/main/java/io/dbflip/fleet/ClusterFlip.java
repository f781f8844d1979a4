package io.dbflip.fleet;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.flip.Check;
import io.dbflip.flip.FlipEnd;
import io.dbflip.flip.FlipFailedException;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.FlipRunner;
import io.dbflip.flip.FlipFactory;
import io.dbflip.flip.Topology;
import io.dbflip.journal.ClusterLock;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One cluster inside a fleet run: its topology, its lock (held from preflight to the end, so
 * another operator cannot start on it in between), its journaled flip and its runner. Built by
 * {@link #preflight}, which never throws: a cluster that cannot go is a result, not an error.
 */
final class ClusterFlip implements AutoCloseable {
    final ClusterConfig cluster;
    private SideConfig from;
    private SideConfig to;
    private ClusterLock lock;
    private FlipRunner runner;
    private String flipId;
    private ClusterResult result;

    private ClusterFlip(ClusterConfig cluster) {
        this.cluster = cluster;
    }

    /** Reads the topology, takes the lock, journals the flip and runs its preflight; changes nothing. */
    static ClusterFlip preflight(ClusterConfig c, String toRole, boolean dryRun, FleetContext ctx) {
        ClusterFlip f = new ClusterFlip(c);
        try {
            FlipFactory flips = new FlipFactory(c, ctx.opener(), ctx.dns(), ctx.journal());
            Topology t = flips.topology();
            f.from = t.master();
            f.to = t.replica();
            if (toRole != null && toRole.equals(f.from.role())) {
                return f.end(ClusterResult.ALREADY, f.from.role(), f.from.role() + " is already the master");
            }
            if (toRole != null && !toRole.equals(f.to.role())) {
                return f.end(ClusterResult.REFUSED, f.from.role(), "no side named '" + toRole + "' (sides: "
                        + f.from.role() + ", " + f.to.role() + ")");
            }
            try {
                f.lock = flips.lock(ctx.operator(), false);
            } catch (DbflipException e) {
                return f.end(ClusterResult.HELD, f.from.role(), e.getMessage());
            }
            f.runner = flips.begin(f.from, f.to, ctx.operator(), dryRun, ctx.listener(c.name()));
            f.flipId = f.runner.flipId();
            List<Check> checks = f.runner.preflight();
            if (!checks.stream().allMatch(Check::ok)) {
                f.abandon(FlipEnd.REFUSED, ClusterResult.REFUSED, checks.stream().filter(k -> !k.ok())
                        .map(k -> k.name() + ": " + k.reason()).collect(Collectors.joining("; ")));
            }
        } catch (RuntimeException e) {
            f.abandon(FlipEnd.REFUSED, ClusterResult.REFUSED, String.valueOf(e.getMessage()));
        }
        return f;
    }

    boolean ready() {
        return result == null;
    }

    ClusterResult result() {
        return result;
    }

    String to() {
        return to == null ? null : to.role();
    }

    FlipRunner runner() {
        return runner;
    }

    /** Leaves this cluster as it is: journals why, closes its connections, releases its lock. */
    ClusterResult abandon(FlipEnd journalOutcome, String outcome, String why) {
        if (runner != null) {
            try {
                runner.abandon(journalOutcome);
            } catch (RuntimeException ignored) {
                // the journal's record of an abandoned flip is best effort; the lock release is not
            }
            runner = null;
        }
        end(outcome, from == null ? null : from.role(), why);
        close();
        return result;
    }

    /** The whole flip (the bounded and canary modes). */
    ClusterResult flip(FleetContext ctx) {
        try {
            return done(runner.run(), ctx);
        } catch (FlipFailedException e) {
            return failed(e, ctx);
        } finally {
            close();
        }
    }

    ClusterResult done(FlipReport r, FleetContext ctx) {
        save(r, ctx);
        result = new ClusterResult(cluster.name(), from.role(), to.role(), ClusterResult.FLIPPED, to.role(),
                "blackout " + fmt(r.blackoutMillis()), r.blackoutMillis(), flipId, ClusterResult.Window.of(r));
        close();
        return result;
    }

    ClusterResult failed(RuntimeException e, FleetContext ctx) {
        FlipReport r = e instanceof FlipFailedException ff ? ff.report() : null;
        save(r, ctx);
        boolean forward = r != null && r.outcome().equals(FlipRunner.FAILED_FORWARD);
        boolean refused = e instanceof DbflipException d && d.code() == ErrorCode.PRECONDITION;
        String outcome = forward ? ClusterResult.FAILED_FORWARD : refused ? ClusterResult.REFUSED : ClusterResult.ROLLED_BACK;
        result = new ClusterResult(cluster.name(), from.role(), to.role(), outcome, forward ? to.role() : from.role(),
                firstLine(e.getMessage()), r == null ? null : r.blackoutMillis(), flipId, ClusterResult.Window.of(r));
        close();
        return result;
    }

    private ClusterFlip end(String outcome, String master, String why) {
        result = new ClusterResult(cluster.name(), from == null ? null : from.role(), to == null ? null : to.role(),
                outcome, master, firstLine(why), null, flipId);
        return this;
    }

    private static void save(FlipReport r, FleetContext ctx) {
        if (r != null && ctx.reportDir() != null) {
            try {
                FlipFactory.save(r, ctx.reportDir());
            } catch (RuntimeException ignored) {
                // a report that cannot be written must not hide the flip's outcome; the journal has it
            }
        }
    }

    static String fmt(Double ms) {
        return ms == null ? "n/a" : String.format("%.1f ms", ms);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replace('\n', ' ').replaceAll("\\s+", " ").strip();
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
