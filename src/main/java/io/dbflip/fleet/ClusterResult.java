package io.dbflip.fleet;

/**
 * Where one cluster of a fleet run ended up.
 *
 * @param outcome   one of {@link #OUTCOMES}
 * @param master    the side that is master at the end, as far as the run knows (null if unknown)
 * @param detail    why, in one line (no secret): the preflight failure, the holder, the error
 * @param blackoutMillis the flip's internal write blackout, null if it did not fence
 */
public record ClusterResult(String cluster, String from, String to, String outcome, String master, String detail,
                            Double blackoutMillis, String flipId) {
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

    /** A flip that changed nothing or was never started: another run can pick it up as is. */
    public boolean untouched() {
        return !outcome.equals(FLIPPED) && !outcome.equals(FAILED_FORWARD) && !outcome.equals(ROLLED_BACK);
    }

    public boolean failed() {
        return outcome.equals(ROLLED_BACK) || outcome.equals(FAILED_FORWARD);
    }
}
