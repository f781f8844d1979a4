package io.dbflip.journal;

/** How a flip ended. A flip with no outcome was interrupted (or is running): see {@link Journal#unfinished}. */
public enum FlipOutcome {
    COMPLETED, ROLLED_BACK, FAILED;

    public String dbName() {
        return name().toLowerCase();
    }

    static FlipOutcome fromDb(String s) {
        return s == null ? null : valueOf(s.toUpperCase());
    }
}
