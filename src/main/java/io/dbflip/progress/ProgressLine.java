package io.dbflip.progress;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * One task's line. On a terminal: carriage return, the line, erase to its end — redrawn at most every
 * {@code everyNanos}, ended by a newline on close. Otherwise: a whole line when {@code everyNanos} has
 * passed since the last (the first after one interval, so a short task prints only its last line),
 * and a last line on close. Thread-safe: a ticker thread and the task may both update it.
 */
final class ProgressLine implements Progress {
    private static final int BAR = 24;
    private final PrintStream out;
    private final boolean terminal;
    private final long everyNanos;
    private final LongSupplier clock;
    private final String what;
    private final Unit unit;
    private final long t0;
    private long total;
    private long done;
    private String note;
    private long lastDrawn;
    private boolean closed;

    ProgressLine(PrintStream out, boolean terminal, long everyNanos, LongSupplier clock, String what, long total, Unit unit) {
        this.out = out;
        this.terminal = terminal;
        this.everyNanos = everyNanos;
        this.clock = clock;
        this.what = what;
        this.total = total;
        this.unit = unit;
        this.t0 = clock.getAsLong();
        this.lastDrawn = t0;
    }

    @Override
    public void update(long done) {
        update(done, null);
    }

    @Override
    public synchronized void update(long d, String n) {
        if (closed) {
            return;
        }
        done = d;
        if (n != null) {
            note = n;
        }
        long now = clock.getAsLong();
        if (now - lastDrawn >= everyNanos) {
            lastDrawn = now;
            draw(now, false);
        }
    }

    @Override
    public synchronized void total(long t) {
        total = t;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draw(clock.getAsLong(), true);
    }

    private void draw(long now, boolean last) {
        String line = line(now - t0, last);
        synchronized (out) {
            if (terminal) {
                out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    /** The line's text after {@code elapsed} nanoseconds; {@code last}: the task has stopped. */
    String line(long elapsed, boolean last) {
        StringBuilder b = new StringBuilder(what).append(": ");
        int pct = Meter.percent(done, total);
        if (pct >= 0 && terminal) {
            b.append(Meter.bar(pct, BAR)).append(' ');
        }
        if (pct >= 0) {
            b.append(pct).append("% ");
        }
        b.append(unit.amount(done));
        if (total > 0) {
            b.append(" of ").append(unit.amount(total));
        }
        if (!unit.bytes()) {
            b.append(' ').append(unit.noun());
        }
        double rate = Meter.rate(done, elapsed);
        b.append(", ").append(unit.rate(rate));
        if (last) {
            b.append(", ").append(Meter.duration(elapsed / 1_000_000_000L)).append(" in all");
        } else {
            long eta = Meter.etaSeconds(done, total, rate);
            if (eta >= 0) {
                b.append(", ETA ").append(Meter.duration(eta));
            }
        }
        if (note != null) {
            b.append(" (").append(note).append(')');
        }
        return b.toString();
    }
}
