package io.dbflip.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of flips and their steps, and the per-cluster locks. The flip writes a step
 * record before and after each step, also inside the write blackout, so the connection is opened
 * before the flip starts and step records are queued, not committed, by the calling thread. A
 * process killed inside the blackout may lose the records queued since the last {@link #flush()}:
 * resume and rollback treat a flip whose last durable record is inside the blackout as "somewhere
 * in the blackout" and read the servers' state.
 * Implementations are thread-safe; one instance is shared by a process.
 */
public interface Journal extends AutoCloseable {

    /** Where this journal lives, safe to print (no password). */
    String location();

    FlipId begin(String cluster, String fromSide, String toSide, String operator, boolean dryRun);

    /**
     * Records that a step starts. Step records are queued and written in order by a background
     * writer, so this costs microseconds inside the blackout; {@link #flush()} makes them durable.
     */
    void stepStarted(FlipId flip, StepKind kind, int stepNo, String step);

    default void stepStarted(FlipId flip, int stepNo, String step) {
        stepStarted(flip, StepKind.STEP, stepNo, step);
    }

    /** Records how a step ended; also records a step that was never journaled as started (e.g. skipped). */
    void stepFinished(FlipId flip, StepKind kind, int stepNo, String step, StepResult result, String detailsJson,
                      Instant start, Instant end);

    default void stepFinished(FlipId flip, int stepNo, String step, StepResult result, String detailsJson,
                              Instant start, Instant end) {
        stepFinished(flip, StepKind.STEP, stepNo, step, result, detailsJson, start, end);
    }

    /**
     * Waits until every step record so far is stored (and throws if one could not be). The flip
     * calls it before the fence and after the unfence; every other method flushes first.
     */
    void flush();

    void finish(FlipId flip, FlipOutcome outcome, Long blackoutMicros, String reportJson);

    Optional<FlipRecord> flip(FlipId flip);

    /** The cluster's most recent flip that was not a dry run. */
    Optional<FlipRecord> lastFlip(String cluster);

    /** The cluster's flips, newest first, dry runs included. */
    List<FlipRecord> history(String cluster, int limit);

    List<StepRecord> steps(FlipId flip);

    /** The cluster's most recent flip that started and never finished (dry runs excluded). */
    Optional<FlipRecord> unfinished(String cluster);

    /**
     * Takes the cluster's lock for {@code operator}. Refuses (PRECONDITION, naming the holder) when
     * another holder has it; also refuses when a holder died without releasing it, unless
     * {@code takeOverDead} (what resume and rollback pass). A live holder is never taken over.
     */
    ClusterLock acquire(String cluster, String operator, boolean takeOverDead);

    default ClusterLock acquire(String cluster, String operator) {
        return acquire(cluster, operator, false);
    }

    /** Every lock row: live holders, and dead ones waiting for resume or rollback. */
    List<LockHolder> holders();

    @Override
    void close();
}
