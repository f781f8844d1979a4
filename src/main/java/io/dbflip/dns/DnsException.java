package io.dbflip.dns;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;

/**
 * A DNS change or read failed. {@link #unchanged()} is true when the server answered with an error, so the
 * (atomic) update certainly changed nothing; false when the outcome is unknown (timeout, I/O error).
 */
public class DnsException extends DbflipException {
    private final String zone;
    private final String record;
    private final boolean unchanged;

    public DnsException(String zone, String record, String problem) {
        this(zone, record, problem, true, null);
    }

    public DnsException(String zone, String record, String problem, boolean unchanged, Throwable cause) {
        super(ErrorCode.FAILED, "DNS zone " + zone + (record == null || record.isEmpty() ? "" : ", record " + record)
                + ": " + problem, cause);
        this.zone = zone;
        this.record = record;
        this.unchanged = unchanged;
    }

    public String zone() {
        return zone;
    }

    public String record() {
        return record;
    }

    public boolean unchanged() {
        return unchanged;
    }
}
