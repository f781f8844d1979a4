package io.dbflip.coordinates;

/** Which position a caller wants out of a backup's output. */
public enum Which {
    /** The backed-up replica's position on its master ("MySQL slave binlog position", xtrabackup_slave_info). */
    SOURCE,
    /** The backed-up server's own binlog position ("MySQL binlog position", xtrabackup_binlog_info). */
    SELF
}
