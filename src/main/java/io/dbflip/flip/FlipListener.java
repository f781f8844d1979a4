package io.dbflip.flip;

/**
 * Told before and after each step. The journal listens; so do the fault tests, which stop or
 * crash dbflip at a step boundary.
 */
public interface FlipListener {
    default void flipStarted(String flipId, String cluster, String from, String to) {
    }

    default void beforeStep(int no, String name) {
    }

    default void afterStep(StepRecord step) {
    }

    /** Make what was recorded so far durable (before the fence, after the unfence). */
    default void checkpoint() {
    }

    default void flipFinished(FlipReport report) {
    }

    FlipListener NONE = new FlipListener() {
    };
}
