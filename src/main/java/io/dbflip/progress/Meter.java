package io.dbflip.progress;

import java.util.Locale;

/**
 * The arithmetic of a progress line: rate since the start, time left at that rate, share done.
 * Pure: given the figures, always the same answer (tested without a clock).
 */
public final class Meter {
    private Meter() {
    }

    /** Per second since the start; 0 before any time has passed. */
    public static double rate(long done, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : done / (elapsedNanos / 1e9);
    }

    /** Seconds left at the given rate; -1 when unknown (no total, nothing done yet, or no rate). */
    public static long etaSeconds(long done, long total, double rate) {
        if (total <= 0 || done <= 0 || rate <= 0) {
            return -1;
        }
        if (done >= total) {
            return 0;
        }
        return (long) Math.ceil((total - done) / rate);
    }

    /** Whole percent done, 0–100; -1 without a total. */
    public static int percent(long done, long total) {
        if (total <= 0) {
            return -1;
        }
        return (int) Math.max(0, Math.min(100, done * 100 / total));
    }

    /** "42 s", "3 min 5 s", "2 h 10 min". */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        } else if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %d min", seconds / 3600, (seconds % 3600) / 60);
    }

    /** A bar of the given width: "[#####.....]". */
    public static String bar(int percent, int width) {
        int full = Math.max(0, Math.min(width, percent * width / 100));
        return "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
    }
}
