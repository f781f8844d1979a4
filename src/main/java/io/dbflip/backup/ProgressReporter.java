package io.dbflip.backup;

import io.dbflip.progress.Progress;
import io.dbflip.progress.ProgressOutput;
import io.dbflip.progress.Unit;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Feeds a streaming transfer's byte counters to a {@link Progress} from a ticker thread (the stream's
 * own thread is busy reading), until stopped; the progress draws a last line when stopped, so a
 * transfer shorter than its interval still says what it moved.
 */
final class ProgressReporter {
    private static final long TICK_MILLIS = 200;
    private final Thread thread;
    private final Progress progress;
    private final Runnable last;

    private ProgressReporter(Thread thread, Progress progress, Runnable last) {
        this.thread = thread;
        this.progress = progress;
        this.last = last;
    }

    /** A backup: bytes read from the tool (total unknown), with the compressed bytes uploaded as a note. */
    static ProgressReporter start(ProgressOutput out, String what, LongSupplier read, LongSupplier uploaded) {
        Progress p = out.start(what, 0, Unit.BYTES);
        Runnable tick = () -> p.update(read.getAsLong(), uploaded(uploaded.getAsLong()));
        return start(p, tick);
    }

    /** A download of a known size. */
    static ProgressReporter start(ProgressOutput out, String what, long total, LongSupplier read) {
        Progress p = out.start(what, total, Unit.BYTES);
        return start(p, () -> p.update(read.getAsLong()));
    }

    private static ProgressReporter start(Progress p, Runnable tick) {
        if (p == Progress.NONE) {
            return new ProgressReporter(null, p, () -> { });
        }
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(TICK_MILLIS);
                    tick.run();
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }, "progress");
        t.setDaemon(true);
        t.start();
        return new ProgressReporter(t, p, tick);
    }

    static String uploaded(long bytes) {
        return String.format(Locale.ROOT, "uploaded %.1f MB compressed", bytes / 1e6);
    }

    void stop() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        last.run();
        progress.close();
    }
}
