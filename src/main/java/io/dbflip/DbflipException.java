package io.dbflip;

/**
 * The one unchecked exception root of dbflip. Its {@link ErrorCode} owns the exit code.
 * Messages name the server, the step and what to do next, and never carry a secret.
 */
public class DbflipException extends RuntimeException {
    private final ErrorCode code;

    public DbflipException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public DbflipException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static DbflipException usage(String message) {
        return new DbflipException(ErrorCode.USAGE, message);
    }

    public static DbflipException precondition(String message) {
        return new DbflipException(ErrorCode.PRECONDITION, message);
    }

    public static DbflipException failed(String message, Throwable cause) {
        return new DbflipException(ErrorCode.FAILED, message, cause);
    }

    public static DbflipException failed(String message) {
        return new DbflipException(ErrorCode.FAILED, message);
    }
}
