package io.dbflip.fleet;

import io.dbflip.flip.FlipEnd;
import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A fleet flip, read top to bottom in {@link #run}: preflight every selected cluster (locks taken)
 * before any is touched; refuse the run if one cannot go (unless skipFailing); then the canary,
 * then the rest — a bounded number at a time, or all at once (prepared, then every window
 * together, then every finish). After a failure no new flip starts (stopOnFailure); running ones
 * finish or roll back on their own.
 */
public final class FleetFlip {
    /** How to run. {@code parallel} bounds flips at once (and preflights/prepares); canary 0 means none. */
    public record Options(String to, int canary, int parallel, boolean allAtOnce, boolean skipFailing,
                          boolean stopOnFailure, boolean dryRun) {
        public Options {
            if (parallel < 1) {
                throw DbflipException.usage("--parallel must be at least 1, got " + parallel);
            }
            if (canary < 0) {
                throw DbflipException.usage("--canary must be 0 or more, got " + canary);
            }
        }
    }

    private final FleetContext ctx;
    private final Consumer<String> progress;

    public FleetFlip(FleetContext ctx, Consumer<String> progress) {
        this.ctx = ctx;
        this.progress = progress == null ? s -> { } : progress;
    }

    /**
     * {@code ask} is asked (a yes/no question, e.g. by the interactive CLI) before the first flip
     * starts and again after a canary that succeeded; a no leaves the rest untouched.
     */
    public FleetReport run(List<ClusterConfig> selected, Options o, Predicate<String> ask) {
        long t0 = System.nanoTime();
        Map<String, ClusterResult> results = new LinkedHashMap<>();
        selected.forEach(c -> results.put(c.name(), null));

        // all at once: every cluster's step 9 goes through one shared update per zone (SharedDns)
        SharedDns shared = o.allAtOnce() && !o.dryRun() && ctx.dns() instanceof io.dbflip.flip.ClusterDns cd ? new SharedDns(cd) : null;
        FleetContext rc = shared == null ? ctx : shared.context(ctx);
        List<ClusterFlip> flips = pool(Math.min(selected.size(), Math.max(o.parallel(), 4)),
                selected.stream().map(c -> (Callable<ClusterFlip>) () -> ClusterFlip.preflight(c, o.to(), o.dryRun(), rc)).toList());
        List<ClusterFlip> ready = new ArrayList<>();
        List<ClusterFlip> cannot = new ArrayList<>();
        for (ClusterFlip f : flips) {
            if (f.ready()) {
                ready.add(f);
            } else {
                results.put(f.cluster.name(), f.result());
                if (!f.result().outcome().equals(ClusterResult.ALREADY)) {
                    cannot.add(f);
                }
            }
        }
        progress.accept("preflight: " + ready.size() + " ready, " + (flips.size() - ready.size() - cannot.size())
                + " already there, " + cannot.size() + " cannot go");
        if (!cannot.isEmpty() && !o.skipFailing()) {
            ready.forEach(f -> results.put(f.cluster.name(), f.abandon(FlipEnd.ABANDONED, ClusterResult.NOT_STARTED,
                    "not started: preflight of " + names(cannot) + " failed (--skip-failing leaves them out)")));
            return report(o, results, 3, t0, 0, "refused: " + names(cannot) + " cannot go; nothing was changed");
        }
        if (!cannot.isEmpty()) {
            cannot.forEach(f -> results.put(f.cluster.name(), leftOut(f.result())));
        }
        if (o.dryRun()) {
            ready.forEach(f -> results.put(f.cluster.name(), f.abandon(FlipEnd.DRY_RUN, ClusterResult.DRY_RUN,
                    "preflight passed; would flip to " + f.to())));
            return report(o, results, 0, t0, 0, "dry run: " + ready.size() + " would flip; nothing was changed");
        }

        if (!ready.isEmpty() && !ask.test("flip " + ready.size() + " cluster(s) (" + names(ready) + ")"
                + (o.allAtOnce() ? " all at once" : ", " + o.parallel() + " at a time")
                + (o.canary() > 0 ? ", canary " + names(ready.subList(0, Math.min(o.canary(), ready.size()))) + " first" : "") + "?")) {
            ready.forEach(f -> results.put(f.cluster.name(), f.abandon(FlipEnd.NOT_CONFIRMED, ClusterResult.NOT_STARTED,
                    "not started: the operator said no")));
            return report(o, results, 1, t0, 0, "not confirmed; nothing was changed");
        }
        long f0 = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean(false);
        List<ClusterFlip> canary = ready.subList(0, Math.min(o.canary(), ready.size()));
        List<ClusterFlip> rest = new ArrayList<>(ready.subList(canary.size(), ready.size()));
        if (!canary.isEmpty()) {
            progress.accept("canary: " + names(canary));
            List<ClusterResult> cr = bounded(canary, o, stop);
            cr.forEach(r -> results.put(r.cluster(), r));
            String why = cr.stream().allMatch(r -> r.outcome().equals(ClusterResult.FLIPPED)) ? null
                    : "the canary failed (" + names(cr.stream().filter(r -> !r.outcome().equals(ClusterResult.FLIPPED))
                    .map(ClusterResult::cluster).toList()) + ")";
            if (why == null) {
                why = verify(canary);
            }
            if (why == null && !rest.isEmpty() && !ask.test("canary " + names(canary) + " flipped and verified; flip the other "
                    + rest.size() + "?")) {
                why = "the operator stopped after the canary";
            }
            if (why != null) {
                String w = why;
                rest.forEach(f -> results.put(f.cluster.name(), f.abandon(FlipEnd.ABANDONED, ClusterResult.NOT_STARTED, "not started: " + w)));
                rest.clear();
            }
        }
        if (!rest.isEmpty()) {
            List<ClusterResult> rr = o.allAtOnce() ? new AllAtOnce(ctx, progress, shared).run(rest, o) : bounded(rest, o, stop);
            rr.forEach(r -> results.put(r.cluster(), r));
        }
        double flipWall = (System.nanoTime() - f0) / 1e6;
        boolean anyFailed = results.values().stream().anyMatch(r -> r.failed() || r.outcome().equals(ClusterResult.NOT_STARTED));
        long flipped = results.values().stream().filter(r -> r.outcome().equals(ClusterResult.FLIPPED)).count();
        FleetReport r = report(o, results, anyFailed ? 1 : 0, t0, flipWall, flipped + " flipped"
                + (anyFailed ? "; the run stopped or a flip failed: see each cluster's outcome" : ""));
        return shared == null ? r : new FleetReport(r.mode(), r.results(), r.exitCode(), r.wallMillis(), r.flipWallMillis(),
                r.summary(), shared.steps());
    }

    /** Reads each canary cluster's topology again: its new master must be the side it flipped to, with a replica. */
    private String verify(List<ClusterFlip> canary) {
        for (ClusterFlip f : canary) {
            try {
                String master = io.dbflip.flip.Topology.read(f.cluster, ctx.opener()).master().role();
                if (!master.equals(f.to())) {
                    return "canary " + f.cluster.name() + " verified wrong: its master is " + master + ", not " + f.to();
                }
            } catch (RuntimeException e) {
                return "canary " + f.cluster.name() + " could not be verified: " + e.getMessage();
            }
        }
        progress.accept("canary verified: " + names(canary) + " on their new masters, replicating back");
        return null;
    }

    /** At most {@code parallel} flips at once; after a failure (stopOnFailure) the rest do not start. */
    private List<ClusterResult> bounded(List<ClusterFlip> group, Options o, AtomicBoolean stop) {
        List<Callable<ClusterResult>> work = new ArrayList<>();
        for (ClusterFlip f : group) {
            work.add(() -> {
                if (stop.get()) {
                    return f.abandon(FlipEnd.ABANDONED, ClusterResult.NOT_STARTED, "not started: an earlier flip failed (--stop-on-failure)");
                }
                progress.accept(f.cluster.name() + ": flipping to " + f.to());
                ClusterResult r = f.flip(ctx);
                progress.accept(f.cluster.name() + ": " + r.outcome() + " — " + r.detail());
                if (r.outcome().equals(ClusterResult.FLIPPED)) {
                    return r;
                }
                if (o.stopOnFailure()) {
                    stop.set(true);
                }
                return r;
            });
        }
        return pool(o.parallel(), work);
    }

    private FleetReport report(Options o, Map<String, ClusterResult> results, int exit, long t0, double flipWall, String summary) {
        String mode = o.dryRun() ? "dry-run" : o.allAtOnce() ? "all-at-once" : "parallel " + o.parallel();
        return new FleetReport(mode + (o.canary() > 0 ? ", canary " + o.canary() : ""), List.copyOf(results.values()),
                exit, (System.nanoTime() - t0) / 1e6, flipWall, summary);
    }

    private static ClusterResult leftOut(ClusterResult r) {
        return new ClusterResult(r.cluster(), r.from(), r.to(), ClusterResult.LEFT_OUT, r.master(),
                "left out (--skip-failing): " + r.outcome() + ": " + r.detail(), null, r.flipId());
    }

    static String names(List<?> xs) {
        return String.join(", ", xs.stream().map(x -> x instanceof ClusterFlip f ? f.cluster.name() : String.valueOf(x)).toList());
    }

    /** Runs the tasks on at most n threads and returns their results in order. */
    static <T> List<T> pool(int n, List<Callable<T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        ExecutorService ex = Executors.newFixedThreadPool(Math.max(1, Math.min(n, tasks.size())));
        try {
            List<Future<T>> fs = new ArrayList<>();
            tasks.forEach(t -> fs.add(ex.submit(t)));
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(join(f));
            }
            return out;
        } finally {
            ex.shutdown();
        }
    }

    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted while waiting for a cluster");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : DbflipException.failed(String.valueOf(c.getMessage()), c);
        }
    }

    static CyclicBarrier barrier(int parties) {
        return new CyclicBarrier(parties);
    }
}
