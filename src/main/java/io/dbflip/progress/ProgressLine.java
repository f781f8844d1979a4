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
        java.util.List<String> parts = new java.util.ArrayList<>();
        int pct = Meter.percent(done, total);
        String head = pct < 0 ? "" : (terminal ? Meter.bar(pct, BAR) + " " : "") + pct + "%";
        double rate = Meter.rate(done, elapsed);
        if (!unit.equals(Unit.PERCENT)) {
            // a share reported by someone else (RDS) has no amount or rate of its own
            head += (head.isEmpty() ? "" : " ") + unit.amount(done) + (total > 0 ? " of " + unit.amount(total) : "")
                    + (unit.bytes() ? "" : " " + unit.noun());
            parts.add(unit.rate(rate));
        }
        if (!head.isEmpty()) {
            parts.add(0, head);
        }
        if (last) {
            parts.add(Meter.duration(elapsed / 1_000_000_000L) + " in all");
        } else {
            long eta = Meter.etaSeconds(done, total, rate);
            parts.add(unit.equals(Unit.PERCENT) ? "waited " + Meter.duration(elapsed / 1_000_000_000L) : "");
            if (eta >= 0) {
                parts.add("ETA " + Meter.duration(eta));
            }
        }
        parts.removeIf(String::isEmpty);
        return what + ": " + String.join(", ", parts) + (note == null ? "" : " (" + note + ")");
    }
}
