package io.dbflip.fleet;

import io.dbflip.flip.FlipEnd;
import io.dbflip.DbflipException;
import io.dbflip.flip.FlipReport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The seed's final shift: every cluster is prepared first (preflight done, connections open,
 * statements built, DNS change prepared, steps 0–2), then every cluster's write window (steps
 * 3–10) runs on its own thread, all released together by a barrier, so the fleet's blackout is
 * about one cluster's, not the sum; their step 9 is one DNS update per zone for every cluster that
 * reached it ({@link SharedDns}); then steps 11–14 everywhere. A window that fails rolls back its
 * own cluster only, and its names are not in the shared update; the others go on.
 */
final class AllAtOnce {
    private static final long BARRIER_SECONDS = 30;
    /**
     * At most this many windows run at once (a thread each; their fences on FlipRunner's pool): past it the
     * clusters go in waves of this size, each wave with its own barrier and its own shared DNS update.
     */
    static final int MAX_WINDOWS = 64;
    private final FleetContext ctx;
    private final Consumer<String> progress;
    private final SharedDns shared;

    AllAtOnce(FleetContext ctx, Consumer<String> progress, SharedDns shared) {
        this.ctx = ctx;
        this.progress = progress;
        this.shared = shared;
    }

    List<ClusterResult> run(List<ClusterFlip> group, FleetFlip.Options o) {
        List<ClusterResult> results = new ArrayList<>();
        // 1. prepare: slow work (connections, statements, hooks, flushes) happens here, not in the window
        long t = System.nanoTime();
        List<RuntimeException> prepared = FleetFlip.pool(phasePool(o, group.size()), group.stream()
                .map(f -> (Callable<RuntimeException>) () -> capture(() -> f.runner().prepare())).toList());
        List<ClusterFlip> go = new ArrayList<>();
        List<String> failedPrepare = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            if (prepared.get(i) == null) {
                go.add(group.get(i));
            } else {
                results.add(group.get(i).failed(prepared.get(i), ctx));
                failedPrepare.add(group.get(i).cluster.name());
            }
        }
        progress.accept(String.format("all-at-once: %d prepared in %.0f ms%s", go.size(), (System.nanoTime() - t) / 1e6,
                failedPrepare.isEmpty() ? "" : "; prepare failed on " + failedPrepare));
        if (!failedPrepare.isEmpty() && !o.skipFailing()) {
            for (ClusterFlip f : go) {
                results.add(f.abandon(FlipEnd.ABANDONED, ClusterResult.NOT_STARTED,
                        "not started: prepare failed on " + failedPrepare + " (--skip-failing goes on without them)"));
            }
            return results;
        }
        if (go.isEmpty()) {
            return results;
        }

        // 2. every window together (in waves past MAX_WINDOWS), their DNS records in one update per zone
        List<RuntimeException> windows = new ArrayList<>();
        for (int from = 0; from < go.size(); from += MAX_WINDOWS) {
            windows.addAll(windows(go.subList(from, Math.min(go.size(), from + MAX_WINDOWS))));
        }

        // 3. finish those whose window succeeded; B takes writes already, so failures roll forward
        List<ClusterFlip> open = new ArrayList<>();
        for (int i = 0; i < go.size(); i++) {
            if (windows.get(i) == null) {
                open.add(go.get(i));
            } else {
                ClusterResult r = go.get(i).failed(windows.get(i), ctx);
                progress.accept(r.cluster() + ": " + r.outcome() + " — " + r.detail());
                results.add(r);
            }
        }
        results.addAll(FleetFlip.pool(phasePool(o, group.size()), open.stream().map(f -> (Callable<ClusterResult>) () -> {
            try {
                FlipReport r = f.runner().finishAfterWindow();
                return f.done(r, ctx);
            } catch (RuntimeException e) {
                return f.failed(e, ctx);
            }
        }).toList()));
        return results;
    }

    /**
     * Threads for the prepare and finish phases of an all-at-once run: each cluster's preflight, warm-up
     * and steps 0-2, then 11-14, are mostly round trips to its own servers, so up to 16 run at once (at
     * least --parallel, at least 4). With 4 threads, preparing 16 clusters took four rounds (1.3 s, most
     * of the fleet's wall time on this 2-core machine).
     */
    static int phasePool(FleetFlip.Options o, int clusters) {
        return Math.max(Math.max(o.parallel(), 4), Math.min(clusters, 16));
    }

    /**
     * One wave: the shared DNS change built (before any fence), then each thread waits at the barrier,
     * fences its own cluster and runs its window; at step 9 the windows meet again in the shared update.
     */
    private List<RuntimeException> windows(List<ClusterFlip> wave) {
        String dns = "each cluster sends its own update";
        if (shared != null) {
            try {
                dns = "one update per zone: " + shared.open(wave.stream().map(f -> f.cluster.name()).toList());
            } catch (RuntimeException e) {
                // nothing is fenced yet; each cluster still holds its own prepared change and sends it alone
                dns = "each cluster sends its own update (the shared change could not be prepared: " + e.getMessage() + ")";
            }
        }
        progress.accept("all-at-once: DNS " + dns);
        // the clusters that reached A's position: when the barrier trips, the shared update goes out for them at once,
        // from a thread of its own, beside their fences (the windows' own threads would each have to run first)
        java.util.Set<String> ready = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CyclicBarrier barrier = new CyclicBarrier(wave.size(), () -> {
            if (shared != null) {
                shared.sendAtBarrier(List.copyOf(ready));
            }
        });
        long w = System.nanoTime();
        try {
            return FleetFlip.pool(wave.size(), wave.stream()
                    .map(f -> (Callable<RuntimeException>) () -> capture(() -> {
                        // B brought to A's position before the barrier, each cluster on its own thread, so that the
                        // windows still start together; one that cannot get there still meets the others (they
                        // wait for every cluster), then leaves, rolled back with nothing fenced
                        RuntimeException notReady = capture(() -> f.runner().approach());
                        if (notReady == null) {
                            ready.add(f.cluster.name());
                        }
                        try {
                            await(barrier);
                        } catch (RuntimeException e) {
                            if (notReady == null) {
                                f.runner().abandon(FlipEnd.ABANDONED);
                            }
                            throw e;
                        }
                        try {
                            if (notReady != null) {
                                throw notReady;
                            }
                            f.runner().window();
                        } finally {
                            // a window that ended without reaching step 9 must not hold the shared update
                            if (shared != null) {
                                shared.windowEnded(f.cluster.name());
                            }
                        }
                    })).toList());
        } finally {
            if (shared != null) {
                shared.close();
            }
            progress.accept(String.format("all-at-once: %d windows in %.0f ms (wall, all clusters)", wave.size(),
                    (System.nanoTime() - w) / 1e6));
        }
    }

    private static RuntimeException capture(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(BARRIER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted before the window; nothing was fenced");
        } catch (BrokenBarrierException | TimeoutException e) {
            throw DbflipException.failed("the clusters' windows did not start together within " + BARRIER_SECONDS
                    + " s; nothing was fenced on this cluster");
        }
    }
}
