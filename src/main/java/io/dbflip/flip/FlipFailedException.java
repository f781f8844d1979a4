package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;

/** A flip that was refused, rolled back, or failed after its point of no return; carries its report. */
public final class FlipFailedException extends DbflipException {
    private final transient FlipReport report;

    public FlipFailedException(ErrorCode code, String message, FlipReport report, Throwable cause) {
        super(code, message, cause);
        this.report = report;
    }

    public FlipReport report() {
        return report;
    }
}
