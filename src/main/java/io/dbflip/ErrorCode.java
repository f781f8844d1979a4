package io.dbflip;

/** What went wrong, and the exit code that owns it. */
public enum ErrorCode {
    /** The operation failed, or was rolled back. */
    FAILED(1),
    /** Bad usage or configuration: nothing was changed. */
    USAGE(2),
    /** A precondition (preflight) refused: nothing was changed. */
    PRECONDITION(3);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
