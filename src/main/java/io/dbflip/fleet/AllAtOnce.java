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
 * about one cluster's, not the sum; then steps 11–14 everywhere. A window that fails rolls back
 * its own cluster only; the others go on.
 */
final class AllAtOnce {
    private static final long BARRIER_SECONDS = 30;
    private final FleetContext ctx;
    private final Consumer<String> progress;

    AllAtOnce(FleetContext ctx, Consumer<String> progress) {
        this.ctx = ctx;
        this.progress = progress;
    }

    List<ClusterResult> run(List<ClusterFlip> group, FleetFlip.Options o) {
        List<ClusterResult> results = new ArrayList<>();
        // 1. prepare: slow work (connections, statements, hooks, flushes) happens here, not in the window
        long t = System.nanoTime();
        List<RuntimeException> prepared = FleetFlip.pool(Math.max(o.parallel(), 4), group.stream()
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

        // 2. every window together: each thread waits at the barrier, then fences its own cluster
        CyclicBarrier barrier = new CyclicBarrier(go.size());
        long w = System.nanoTime();
        List<RuntimeException> windows = FleetFlip.pool(go.size(), go.stream()
                .map(f -> (Callable<RuntimeException>) () -> capture(() -> {
                    try {
                        await(barrier);
                    } catch (RuntimeException e) {
                        f.runner().abandon(FlipEnd.ABANDONED);
                        throw e;
                    }
                    f.runner().window();
                })).toList());
        progress.accept(String.format("all-at-once: %d windows in %.0f ms (wall, all clusters)", go.size(),
                (System.nanoTime() - w) / 1e6));

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
        results.addAll(FleetFlip.pool(Math.max(o.parallel(), 4), open.stream().map(f -> (Callable<ClusterResult>) () -> {
            try {
                FlipReport r = f.runner().finishAfterWindow();
                return f.done(r, ctx);
            } catch (RuntimeException e) {
                return f.failed(e, ctx);
            }
        }).toList()));
        return results;
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
