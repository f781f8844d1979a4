package io.dbflip.report;

/**
 * A millisecond axis for SVG timelines: maps epoch microseconds to x pixels between the label
 * column and the right edge, and draws round ticks.
 */
public record Axis(long fromMicros, long toMicros, int left, int width) {

    public Axis {
        if (toMicros <= fromMicros) {
            toMicros = fromMicros + 1000;
        }
    }

    public double x(long micros) {
        return left + (micros - fromMicros) * (double) width / (toMicros - fromMicros);
    }

    /** Width in pixels of [start, end], at least one pixel so that a 20 µs step still shows. */
    public double w(long startMicros, long endMicros) {
        return Math.max(1.0, x(endMicros) - x(startMicros));
    }

    public double spanMillis() {
        return (toMicros - fromMicros) / 1000.0;
    }

    /** Tick lines and labels (ms from the axis start) from y0 to y1, labels below y1. */
    public String ticks(int y0, int y1) {
        double step = tickStep(spanMillis());
        StringBuilder b = new StringBuilder();
        b.append(String.format("<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, y1, left + width, y1));
        for (double t = 0; t <= spanMillis() + 1e-9; t += step) {
            double x = left + t * width / spanMillis();
            b.append(String.format("<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, y0, x, y1));
            b.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, y1 + 13, label(t, step)));
        }
        return b.toString();
    }

    static double tickStep(double spanMillis) {
        double raw = spanMillis / 8;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (raw <= m * mag) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String label(double t, double step) {
        if (step >= 1000) {
            return String.format("%.0f s", t / 1000);
        }
        return step >= 1 ? String.format("%.0f ms", t) : String.format("%.2f ms", t);
    }
}
