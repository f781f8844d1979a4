package io.dbflip.mysql;

import java.util.Map;

/**
 * Reads one row of SHOW SLAVE STATUS (MySQL ≤ 8.0.21, Aurora 2, MariaDB) or SHOW REPLICA STATUS
 * (MySQL 8.0.22+, 8.4, Aurora 3) into a {@link ReplicationStatus}. The columns carry the same
 * facts under MASTER/SLAVE or SOURCE/REPLICA names; MariaDB adds Using_Gtid and Gtid_IO_Pos.
 */
public final class ReplicaStatusParser {
    private ReplicaStatusParser() {
    }

    /** Null when the row is null (the server is not a replica). */
    public static ReplicationStatus parse(Map<String, Object> row) {
        if (row == null) {
            return null;
        }
        int sqlErrno = (int) (long) number(row, 0L, "Last_SQL_Errno");
        int ioErrno = (int) (long) number(row, 0L, "Last_IO_Errno");
        int errno;
        String error;
        // an applier error says more about the data than a connection error
        if (sqlErrno != 0) {
            errno = sqlErrno;
            error = string(row, "Last_SQL_Error");
        } else if (ioErrno != 0) {
            errno = ioErrno;
            error = string(row, "Last_IO_Error");
        } else {
            errno = (int) (long) number(row, 0L, "Last_Errno");
            error = string(row, "Last_Error");
        }
        Long behind = row.get("Seconds_Behind_Source") != null || row.get("Seconds_Behind_Master") != null
                ? number(row, null, "Seconds_Behind_Source", "Seconds_Behind_Master") : null;
        String gtidMode = row.containsKey("Using_Gtid") ? string(row, "Using_Gtid")
                : row.containsKey("Auto_Position") ? string(row, "Auto_Position") : null;
        String retrieved = row.containsKey("Gtid_IO_Pos") ? string(row, "Gtid_IO_Pos") : string(row, "Retrieved_Gtid_Set");
        String executed = row.containsKey("Gtid_Slave_Pos") ? string(row, "Gtid_Slave_Pos") : string(row, "Executed_Gtid_Set");
        return new ReplicationStatus(
                string(row, "Source_Host", "Master_Host"),
                (int) (long) number(row, 0L, "Source_Port", "Master_Port"),
                string(row, "Source_User", "Master_User"),
                yes(string(row, "Replica_IO_Running", "Slave_IO_Running")),
                yes(string(row, "Replica_SQL_Running", "Slave_SQL_Running")),
                string(row, "Replica_IO_State", "Slave_IO_State"),
                behind,
                errno, error == null || error.isEmpty() ? null : error,
                position(string(row, "Relay_Source_Log_File", "Relay_Master_Log_File"),
                        number(row, 0L, "Exec_Source_Log_Pos", "Exec_Master_Log_Pos")),
                position(string(row, "Source_Log_File", "Master_Log_File"),
                        number(row, 0L, "Read_Source_Log_Pos", "Read_Master_Log_Pos")),
                gtidMode, blankToNull(retrieved), blankToNull(executed),
                blankToNull(string(row, "Replicate_Wild_Ignore_Table")), errors(row, sqlErrno, ioErrno));
    }

    private static String errors(Map<String, Object> row, int sqlErrno, int ioErrno) {
        StringBuilder sb = new StringBuilder();
        if (sqlErrno != 0) {
            sb.append("SQL error ").append(sqlErrno).append(": ").append(string(row, "Last_SQL_Error"));
        }
        if (ioErrno != 0) {
            sb.append(sb.isEmpty() ? "" : "; ").append("IO error ").append(ioErrno).append(": ").append(string(row, "Last_IO_Error"));
        }
        return sb.toString();
    }

    private static boolean yes(String v) {
        return "Yes".equalsIgnoreCase(v);
    }

    private static BinlogPosition position(String file, long pos) {
        return file == null || file.isEmpty() ? null : new BinlogPosition(file, pos);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.replace("\n", "");
    }

    private static String string(Map<String, Object> row, String... names) {
        for (String n : names) {
            Object v = row.get(n);
            if (v != null) {
                return v.toString();
            }
        }
        return null;
    }

    private static Long number(Map<String, Object> row, Long otherwise, String... names) {
        String s = string(row, names);
        if (s == null || s.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
