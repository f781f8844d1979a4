package io.dbflip.journal;

/** How a step ended. A step that was started and has no result yet was interrupted (or is running). */
public enum StepResult {
    OK, FAILED, SKIPPED, UNDONE;

    public String dbName() {
        return name().toLowerCase();
    }

    static StepResult fromDb(String s) {
        return s == null ? null : valueOf(s.toUpperCase());
    }
}
