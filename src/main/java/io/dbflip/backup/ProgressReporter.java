package io.dbflip.backup;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints bytes read and uploaded, with throughput, once a second on stderr, until stopped, and a last
 * line when stopped (a backup shorter than a second still says what it moved).
 */
final class ProgressReporter {
    private final Thread thread;
    private final Runnable last;

    private ProgressReporter(Thread thread, Runnable last) {
        this.thread = thread;
        this.last = last;
    }

    static ProgressReporter start(PrintStream out, String what, LongSupplier read, LongSupplier uploaded) {
        long t0 = System.nanoTime();
        Thread t = new Thread(() -> {
            long lastRead = 0;
            long lastTime = t0;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    long now = System.nanoTime();
                    long r = read.getAsLong();
                    out.println(line(what, r, uploaded.getAsLong(), (r - lastRead) / ((now - lastTime) / 1e9),
                            r / ((now - t0) / 1e9)));
                    lastRead = r;
                    lastTime = now;
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }, "progress");
        t.setDaemon(true);
        t.start();
        return new ProgressReporter(t, () -> {
            long r = read.getAsLong();
            double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
            out.println(line(what, r, uploaded.getAsLong(), r / seconds, r / seconds));
        });
    }

    static String line(String what, long read, long uploaded, double rate, double average) {
        return String.format(Locale.ROOT, "%s: read %.1f MB (%.1f MB/s, avg %.1f MB/s), uploaded %.1f MB compressed",
                what, read / 1e6, rate / 1e6, average / 1e6, uploaded / 1e6);
    }

    void stop() {
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        last.run();
    }
}
