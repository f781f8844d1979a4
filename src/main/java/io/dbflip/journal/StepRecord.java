package io.dbflip.journal;

import java.time.Instant;

/**
 * One step of a flip as journaled. A step that was started but has no result (null) was
 * interrupted: resume and rollback start from there. {@code stepNo} is the flip step's number; for
 * an {@link StepKind#UNDO} the step it undoes (0 where an old journal does not say), for a
 * {@link StepKind#RESUME} the step run again.
 */
public record StepRecord(FlipId flip, StepKind kind, int stepNo, String step, StepResult result, Instant startedAt,
                         Instant finishedAt, String detailsJson) {

    public boolean finished() {
        return result != null;
    }

    /** A finished step of the flip itself (not an undo, not a resume). */
    public boolean finishedStep() {
        return finished() && kind == StepKind.STEP;
    }
}
