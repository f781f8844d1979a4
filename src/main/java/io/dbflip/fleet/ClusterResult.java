package io.dbflip.fleet;

import io.dbflip.flip.FlipReport;
import io.dbflip.flip.FlipStep;
import io.dbflip.flip.StepRecord;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where one cluster of a fleet run ended up.
 *
 * @param outcome   one of {@link #OUTCOMES}
 * @param master    the side that is master at the end, as far as the run knows (null if unknown)
 * @param detail    why, in one line (no secret): the preflight failure, the holder, the error
 * @param blackoutMillis the flip's internal write blackout, null if it did not fence
 * @param window    its write window step by step, null if it did not fence
 */
public record ClusterResult(String cluster, String from, String to, String outcome, String master, String detail,
                            Double blackoutMillis, String flipId, Window window) {
    public static final String FLIPPED = "flipped";
    public static final String ALREADY = "already-there";
    public static final String REFUSED = "refused";
    public static final String HELD = "held";
    public static final String LEFT_OUT = "left-out";
    public static final String NOT_STARTED = "not-started";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String FAILED_FORWARD = "failed-after-point-of-no-return";
    public static final String DRY_RUN = "dry-run-ok";
    public static final java.util.List<String> OUTCOMES = java.util.List.of(FLIPPED, ALREADY, REFUSED, HELD, LEFT_OUT,
            NOT_STARTED, ROLLED_BACK, FAILED_FORWARD, DRY_RUN);

    public ClusterResult(String cluster, String from, String to, String outcome, String master, String detail,
                         Double blackoutMillis, String flipId) {
        this(cluster, from, to, outcome, master, detail, blackoutMillis, flipId, null);
    }

    /**
     * One cluster's write window: from the start of step 3 (fence A) to the end of the last window
     * step it ran, each window step's milliseconds, and for step 9 how long it waited for the other
     * clusters before the shared DNS update went.
     */
    public record Window(long startEpochMicros, long endEpochMicros, Map<String, Double> stepsMs, Double dnsWaitMs) {
        static Window of(FlipReport r) {
            if (r == null) {
                return null;
            }
            long start = 0;
            long end = 0;
            Map<String, Double> steps = new LinkedHashMap<>();
            for (StepRecord s : r.steps()) {
                if (s.kind() == io.dbflip.journal.StepKind.STEP && FlipStep.of(s.no()).inBlackout()) {
                    start = start == 0 ? s.startEpochMicros() : Math.min(start, s.startEpochMicros());
                    end = Math.max(end, s.endEpochMicros());
                    steps.put(s.no() + " " + s.name(), Math.round(s.millis() * 100) / 100.0);
                }
            }
            Object waited = r.dns() == null ? null : r.dns().get("waited_ms");
            return start == 0 ? null : new Window(start, end, steps, waited instanceof Number n ? n.doubleValue() : null);
        }

        /** "+0.0 → +84.1 ms: fence A 5.1, … (DNS waited 12.0 ms for the others)", offsets from {@code origin}. */
        String describe(long originMicros) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "+%.1f → +%.1f ms:", (startEpochMicros - originMicros) / 1000.0,
                    (endEpochMicros - originMicros) / 1000.0));
            stepsMs.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.1f,", k.replaceFirst("^\\d+ ", ""), v)));
            b.setLength(b.length() - 1);
            if (dnsWaitMs != null) {
                b.append(String.format(Locale.ROOT, " (at DNS, waited %.1f ms for the other clusters)", dnsWaitMs));
            }
            return b.toString();
        }
    }

    /** A flip that changed nothing or was never started: another run can pick it up as is. */
    public boolean untouched() {
        return !outcome.equals(FLIPPED) && !outcome.equals(FAILED_FORWARD) && !outcome.equals(ROLLED_BACK);
    }

    public boolean failed() {
        return outcome.equals(ROLLED_BACK) || outcome.equals(FAILED_FORWARD);
    }
}
