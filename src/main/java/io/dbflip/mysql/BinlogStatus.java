package io.dbflip.mysql;

import java.util.Map;

/**
 * One row of SHOW MASTER STATUS / SHOW BINARY LOG STATUS (the dialect's {@code binlogStatusQuery}):
 * the position, and on MySQL the executed GTID set of the same row (null on MariaDB, whose row has
 * no GTID column: gtid_binlog_pos is read apart).
 */
public record BinlogStatus(BinlogPosition position, String executedGtids) {

    /** Null when the row is null (binary logging is off). */
    public static BinlogStatus parse(Map<String, ?> row) {
        if (row == null) {
            return null;
        }
        BinlogPosition p = new BinlogPosition(String.valueOf(row.get("File")), Long.parseLong(String.valueOf(row.get("Position"))));
        Object set = row.get("Executed_Gtid_Set");
        return new BinlogStatus(p, set == null ? null : set.toString().replace("\n", "").strip());
    }
}
