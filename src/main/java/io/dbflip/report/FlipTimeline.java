package io.dbflip.report;

import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeResult;

import java.util.List;

/**
 * The timeline of one flip as inline SVG: one bar per step on a millisecond axis, the write
 * blackout (fence on the old master to unfence of the new, steps 3–10) as a band with id
 * {@code blackout}, and, when a probe ran, its acknowledged writes as a band and the client-seen
 * gaps between them in red on the same axis.
 */
public final class FlipTimeline {
    static final int LEFT = 230;
    static final int WIDTH = 700;
    static final int ROW = 18;
    static final int TOP = 8;

    private FlipTimeline() {
    }

    /** Where the blackout starts and ends, in epoch µs, or null if the flip never fenced. */
    public record Window(long startMicros, long endMicros) {
    }

    public static Window blackout(FlipReport r) {
        if (r.blackoutMillis() == null) {
            return null;
        }
        // the report measures the blackout from the fence's start; step 3 is the fence
        return r.steps() == null ? null : r.steps().stream().filter(s -> s.is(io.dbflip.flip.FlipStep.FENCE_A)).findFirst()
                .map(s -> new Window(s.startEpochMicros(), s.startEpochMicros() + Math.round(r.blackoutMillis() * 1000)))
                .orElse(null);
    }

    public static String svg(FlipReport r, ProbeResult probe) {
        List<StepRecord> steps = r.steps() == null ? List.of() : r.steps();
        long from = Math.min(r.startedEpochMicros(), steps.stream().mapToLong(StepRecord::startEpochMicros).min().orElse(r.startedEpochMicros()));
        long to = Math.max(r.finishedEpochMicros(), steps.stream().mapToLong(StepRecord::endEpochMicros).max().orElse(r.finishedEpochMicros()));
        Axis axis = new Axis(from, to, LEFT, WIDTH);
        int rows = steps.size() + (probe != null ? 1 : 0);
        int bottom = TOP + rows * ROW + 4;
        StringBuilder b = new StringBuilder();
        b.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"timeline of flip %s\">", LEFT + WIDTH + 20, bottom + 20,
                LEFT + WIDTH + 20, bottom + 20, Html.esc(r.flipId())));
        b.append(axis.ticks(TOP, bottom));
        Window w = blackout(r);
        if (w != null) {
            b.append(String.format("<rect id=\"blackout\" class=\"blackout\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                            + "data-start-us=\"%d\" data-end-us=\"%d\"><title>write blackout %.1f ms (fence %s → unfence %s)</title></rect>",
                    axis.x(w.startMicros()), TOP - 4, axis.w(w.startMicros(), w.endMicros()), bottom - TOP + 4,
                    w.startMicros(), w.endMicros(), r.blackoutMillis(), Html.esc(r.from()), Html.esc(r.to())));
        }
        int y = TOP;
        for (StepRecord s : steps) {
            b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d %s</text>", LEFT - 6, y + 12, s.no(),
                    Html.esc(shorten(s.name()))));
            b.append(String.format("<rect class=\"step %s\" data-step=\"%d\" data-start-us=\"%d\" data-end-us=\"%d\" "
                            + "x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\"><title>%d %s: %.2f ms, %s</title></rect>",
                    Html.esc(s.result()), s.no(), s.startEpochMicros(), s.endEpochMicros(), axis.x(s.startEpochMicros()),
                    y + 3, axis.w(s.startEpochMicros(), s.endEpochMicros()), ROW - 6, s.no(), Html.esc(s.name()),
                    s.millis(), Html.esc(s.result())));
            y += ROW;
        }
        if (probe != null) {
            b.append(probeRow(probe, axis, y));
        }
        b.append("</svg>");
        return b.toString();
    }

    /** The probe's row: acknowledged writes as a green band, each gap between two of them in red. */
    private static String probeRow(ProbeResult p, Axis axis, int y) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">probe: acknowledged writes</text>", LEFT - 6, y + 12));
        long lo = Math.max(p.startedEpochMicros(), axis.fromMicros());
        long hi = Math.min(p.stoppedEpochMicros(), axis.toMicros());
        if (hi > lo) {
            b.append(String.format("<rect class=\"ack\" id=\"probe-acks\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\"/>",
                    axis.x(lo), y + 3, axis.w(lo, hi), ROW - 6));
        }
        int i = 0;
        for (Probe.Gap g : p.gaps()) {
            if (g.endEpochMicros() < axis.fromMicros() || g.startEpochMicros() > axis.toMicros()) {
                continue;
            }
            long s = Math.max(g.startEpochMicros(), axis.fromMicros());
            long e = Math.min(g.endEpochMicros(), axis.toMicros());
            b.append(String.format("<rect class=\"gap\" data-gap=\"%d\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\">"
                            + "<title>no acknowledged write for %.1f ms (%s → %s)</title></rect>", i++, axis.x(s), y + 1,
                    axis.w(s, e), ROW - 2, g.millis(), Html.esc(g.fromAddress()), Html.esc(g.toAddress())));
        }
        return b.toString();
    }

    private static String shorten(String name) {
        return name.length() > 34 ? name.substring(0, 33) + "…" : name;
    }
}
