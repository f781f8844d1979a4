package io.dbflip.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a step ended. A step that was started and has no result yet was interrupted (or is running). */
public enum StepResult {
    OK, FAILED, SKIPPED, UNDONE;

    /** Also the word the reports print and store ("ok", "failed", …). */
    @JsonValue
    public String dbName() {
        return name().toLowerCase();
    }

    /** The word, so that reports and the CLI print "ok", not "OK". */
    @Override
    public String toString() {
        return dbName();
    }

    @JsonCreator
    public static StepResult fromDb(String s) {
        return s == null ? null : valueOf(s.toUpperCase());
    }
}
