package io.dbflip.progress;

import java.util.Locale;

/** What a progress counts: bytes (shown as MB/GB, rate in MB/s) or things with a name ("statements"). */
public record Unit(String noun, boolean bytes) {
    public static final Unit BYTES = new Unit("bytes", true);

    /** A share reported by someone else (RDS's PercentProgress): done of 100, shown as the percent alone. */
    public static final Unit PERCENT = new Unit("%", false);

    public static Unit of(String noun) {
        return new Unit(noun, false);
    }

    String amount(long n) {
        if (!bytes) {
            return Long.toString(n);
        }
        double v = n;
        if (v >= 1e12) {
            return String.format(Locale.ROOT, "%.2f TB", v / 1e12);
        } else if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2f GB", v / 1e9);
        }
        return String.format(Locale.ROOT, "%.1f MB", v / 1e6);
    }

    String rate(double perSecond) {
        if (bytes) {
            return String.format(Locale.ROOT, "%.1f MB/s", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, perSecond >= 10 ? "%.0f/s" : "%.1f/s", perSecond);
    }
}
