package io.dbflip.flip;

import io.dbflip.journal.StepKind;

/**
 * Told before and after each step. The journal listens; so do the fault tests, which stop or
 * crash dbflip at a step boundary.
 */
public interface FlipListener {
    default void flipStarted(String flipId, String cluster, String from, String to) {
    }

    /** Before a step of any kind; by default passes the flip's own steps on to {@link #beforeStep(int, String)}. */
    default void beforeStep(StepKind kind, int no, String name) {
        if (kind == StepKind.STEP) {
            beforeStep(no, name);
        }
    }

    /** Before one of the flip's own steps (not an undo, not a resume). */
    default void beforeStep(int no, String name) {
    }

    default void afterStep(StepRecord step) {
    }

    /**
     * The write blackout begins (steps 3 to 10 follow). A listener whose work can wait (the journal's
     * records) holds it until {@link #windowCloses()}, so that the window spends its time on the
     * servers alone; a listener that must act at the step itself (the fault tests, the progress lines
     * the fault campaign kills at) does not.
     */
    default void windowOpens() {
    }

    /** The write blackout ended: after the unfence, or on a failure inside it, before any undo. */
    default void windowCloses() {
    }

    /** Make what was recorded so far durable (before the fence, after the unfence). */
    default void checkpoint() {
    }

    default void flipFinished(FlipReport report) {
    }

    FlipListener NONE = new FlipListener() {
    };

    /** Tells {@code first}, then {@code second}, of each event; either may be null (then the other alone). */
    static FlipListener both(FlipListener first, FlipListener second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return new FlipListener() {
            @Override
            public void flipStarted(String flipId, String cluster, String from, String to) {
                first.flipStarted(flipId, cluster, from, to);
                second.flipStarted(flipId, cluster, from, to);
            }

            // the three-argument form, so each listener sees undos and resumes too (and passes its own
            // steps on to its two-argument form, as its default does)
            @Override
            public void beforeStep(StepKind kind, int no, String name) {
                first.beforeStep(kind, no, name);
                second.beforeStep(kind, no, name);
            }

            @Override
            public void afterStep(StepRecord step) {
                first.afterStep(step);
                second.afterStep(step);
            }

            @Override
            public void windowOpens() {
                first.windowOpens();
                second.windowOpens();
            }

            @Override
            public void windowCloses() {
                first.windowCloses();
                second.windowCloses();
            }

            @Override
            public void checkpoint() {
                first.checkpoint();
                second.checkpoint();
            }

            @Override
            public void flipFinished(FlipReport report) {
                first.flipFinished(report);
                second.flipFinished(report);
            }
        };
    }
}
