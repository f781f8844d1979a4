package io.dbflip.cli;

import io.dbflip.flip.FlipListener;
import io.dbflip.flip.FlipReport;
import io.dbflip.progress.Progress;
import io.dbflip.progress.ProgressOutput;
import io.dbflip.progress.Unit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A fleet run's progress: clusters done of those selected, with how many run now and how many wait.
 * It listens to each cluster's flip (started, finished), so the fleet's own code is not touched.
 */
final class FleetProgress implements Function<String, FlipListener>, AutoCloseable {
    private final Progress bar;
    private final int total;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    FleetProgress(ProgressOutput out, int total) {
        this.total = total;
        this.bar = out.start("fleet", total, Unit.of("clusters done"));
    }

    @Override
    public FlipListener apply(String cluster) {
        return new FlipListener() {
            @Override
            public void flipStarted(String flipId, String c, String from, String to) {
                running.add(cluster);
                draw();
            }

            @Override
            public void flipFinished(FlipReport report) {
                running.remove(cluster);
                done.add(cluster);
                draw();
            }
        };
    }

    private synchronized void draw() {
        bar.update(done.size(), line(done.size(), running.size(), total));
    }

    static String line(int done, int running, int total) {
        return running + " running, " + Math.max(0, total - done - running) + " waiting";
    }

    @Override
    public void close() {
        draw();
        bar.close();
    }
}
