package io.dbflip.journal;

import java.time.Instant;

/**
 * One step of a flip as journaled. A step that was started but has no result (null) was
 * interrupted: resume and rollback start from there.
 */
public record StepRecord(FlipId flip, int stepNo, String step, StepResult result, Instant startedAt,
                         Instant finishedAt, String detailsJson) {

    public boolean finished() {
        return result != null;
    }
}
