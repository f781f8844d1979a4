package io.dbflip.journal;

import java.time.Instant;

/**
 * One flip as journaled.
 *
 * @param finishedAt     null while the flip runs, or when it was interrupted
 * @param outcome        null likewise
 * @param blackoutMicros the internal write blackout (fence A to unfence B), null if none was measured
 * @param reportJson     the flip's report, null until it finished
 */
public record FlipRecord(FlipId id, String cluster, String fromSide, String toSide, String operator, String host,
                         long pid, boolean dryRun, Instant startedAt, Instant finishedAt, FlipOutcome outcome,
                         Long blackoutMicros, String reportJson) {

    public boolean finished() {
        return outcome != null;
    }
}
