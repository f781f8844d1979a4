package io.dbflip.flip;

import io.dbflip.journal.StepKind;
import io.dbflip.journal.StepResult;

/**
 * One step as it ran: its kind and number (a {@link FlipStep}'s; an undo's is the step it undoes, a
 * resume's the step run again), its name, when, how long, the result and details (no secrets).
 */
public record StepRecord(StepKind kind, int no, String name, long startEpochMicros, long endEpochMicros, double millis,
                         StepResult result, String details) {

    public StepRecord {
        if (kind == null) {
            // a report written before steps had a kind numbered undo and resume records 100 + n
            kind = no >= 100 ? StepKind.UNDO : StepKind.STEP;
        }
    }

    /** A step of the flip itself. */
    public StepRecord(int no, String name, long startEpochMicros, long endEpochMicros, double millis, String result,
                      String details) {
        this(StepKind.STEP, no, name, startEpochMicros, endEpochMicros, millis, StepResult.fromDb(result), details);
    }

    /** This record is the flip's own step {@code s} (not an undo or a resume of it). */
    public boolean is(FlipStep s) {
        return kind == StepKind.STEP && no == s.no();
    }

    /** The number as reports show it: "9", "undo 9", "resume 9". */
    public String label() {
        return kind == StepKind.STEP ? String.valueOf(no) : kind.dbName() + " " + no;
    }
}
