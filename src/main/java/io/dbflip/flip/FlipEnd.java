package io.dbflip.flip;

import io.dbflip.journal.FlipOutcome;

import java.util.Arrays;

/**
 * How a flip, or a resume or rollback of one, ended: the word its report carries, and what the
 * journal records. A flip that `dbflip resume` or `dbflip rollback` must still finish stays open in
 * the journal (no outcome), where those commands look for it.
 */
public enum FlipEnd {
    COMPLETED("completed", FlipOutcome.COMPLETED),
    RESUMED("resumed", FlipOutcome.COMPLETED),
    DRY_RUN("dry run", FlipOutcome.COMPLETED),
    ROLLED_BACK("rolled-back", FlipOutcome.ROLLED_BACK),
    REFUSED("refused", FlipOutcome.ROLLED_BACK),
    NOT_CONFIRMED("not confirmed", FlipOutcome.ROLLED_BACK),
    ABANDONED("abandoned", FlipOutcome.ROLLED_BACK),
    /** Failed after the point of no return: `dbflip resume` finishes it. */
    FAILED_FORWARD("failed-after-point-of-no-return", null),
    /** A rollback that could not finish inside the flip: `dbflip rollback` finishes it. */
    ROLLBACK_FAILED("rollback-failed", null),
    /** A resume or rollback that failed: the same command, run again, goes on. */
    RECOVERY_FAILED("recovery-failed", null);

    private final String word;
    private final FlipOutcome journal;

    FlipEnd(String word, FlipOutcome journal) {
        this.word = word;
        this.journal = journal;
    }

    /** The report's outcome. */
    public String word() {
        return word;
    }

    /** What the journal records; null: the flip stays open for resume or rollback. */
    public FlipOutcome journal() {
        return journal;
    }

    /** The end a report's outcome names; an unknown word (a report from elsewhere) is a failure. */
    public static FlipEnd of(String word) {
        return Arrays.stream(values()).filter(e -> e.word.equals(word)).findFirst().orElse(null);
    }
}
