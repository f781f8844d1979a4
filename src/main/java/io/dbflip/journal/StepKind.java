package io.dbflip.journal;

/**
 * What a step record is. A flip's own steps are numbered 0–14; an undo names the step it undoes
 * (a rollback inside the flip, or `dbflip rollback`); a resume runs a step again after a crash
 * (`dbflip resume`). Only {@link #STEP} records say how far a flip got.
 */
public enum StepKind {
    STEP, UNDO, RESUME;

    /** Before the kind was stored, undo and resume records were numbered 100 + n. */
    static final int LEGACY_OFFSET = 100;

    public String dbName() {
        return name().toLowerCase();
    }

    static StepKind fromDb(String s) {
        return s == null ? null : valueOf(s.toUpperCase());
    }
}
