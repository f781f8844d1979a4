package io.dbflip.coordinates;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;

/**
 * Input that holds no usable coordinates. The message reads {@code SOURCE:LINE: expected …} so an operator can
 * open the file at the line; it quotes at most a short snippet of the input.
 */
public class CoordinatesParseException extends DbflipException {
    private final String sourceName;
    private final int line;

    public CoordinatesParseException(String sourceName, int line, String expected) {
        super(ErrorCode.USAGE, sourceName + (line > 0 ? ":" + line : "") + ": expected " + expected);
        this.sourceName = sourceName;
        this.line = line;
    }

    /**
     * Bad input, not a bug: the message says all there is, and skipping the stack walk keeps a scan of fuzzed or
     * hostile input fast.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public String sourceName() {
        return sourceName;
    }

    /** 1-based line number, or 0 when the complaint is about the whole input (a directory, say). */
    public int line() {
        return line;
    }
}
