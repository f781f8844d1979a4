package io.dbflip.dns;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;

import java.util.List;

/**
 * A DNS switch failed. {@link #reverted()} were changed and put back; {@link #failed()} did not change (or their
 * change was undone); {@link #notReverted()} may still point at the new side and need a hand.
 */
public class DnsSwitchException extends DbflipException {
    private final List<String> failed;
    private final List<String> reverted;
    private final List<String> notReverted;

    public DnsSwitchException(String message, List<String> failed, List<String> reverted, List<String> notReverted,
                              Throwable cause) {
        super(ErrorCode.FAILED, message, cause);
        this.failed = List.copyOf(failed);
        this.reverted = List.copyOf(reverted);
        this.notReverted = List.copyOf(notReverted);
    }

    public List<String> failed() { return failed; }
    public List<String> reverted() { return reverted; }
    public List<String> notReverted() { return notReverted; }
}
