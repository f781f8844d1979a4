package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.Server;

import java.util.List;
import java.util.Map;

/** The few reads the flip makes inside its window, kept minimal so they cost one round trip each. */
final class Reads {
    private Reads() {
    }

    static BinlogPosition binlogPosition(Server s) {
        BinlogPosition p = s.binlogPosition();
        if (p == null) {
            throw DbflipException.failed(s.name() + ": binary logging is off (" + s.dialect().binlogStatusQuery() + " is empty)");
        }
        return p;
    }

    /** A server's binlog position and, when asked, its GTID set, read in one round trip on MySQL. */
    record SourceState(BinlogPosition position, String gtidSet) {
    }

    /**
     * The binlog status row: its position, and with {@code gtid} the server's GTID set — MySQL's
     * Executed_Gtid_Set from the same row, MariaDB's gtid_binlog_pos (a second query: MariaDB's row
     * has no GTID column).
     */
    static SourceState sourceState(Server s, boolean gtid) {
        List<Map<String, Object>> rows = s.query(s.dialect().binlogStatusQuery());
        if (rows.isEmpty()) {
            throw DbflipException.failed(s.name() + ": binary logging is off (" + s.dialect().binlogStatusQuery() + " is empty)");
        }
        Map<String, Object> r = rows.get(0);
        BinlogPosition p = new BinlogPosition(String.valueOf(r.get("File")), Long.parseLong(String.valueOf(r.get("Position"))));
        if (!gtid) {
            return new SourceState(p, null);
        }
        String set = s.flavor().mariadb() ? s.queryString("SELECT @@GLOBAL.gtid_binlog_pos")
                : r.get("Executed_Gtid_Set") == null ? null : r.get("Executed_Gtid_Set").toString();
        return new SourceState(p, set == null ? null : set.replace("\n", "").strip());
    }

    /** The replica status row, or null when the server replicates from nothing. */
    static Map<String, Object> replicaRow(Server s) {
        List<Map<String, Object>> rows = s.query(s.dialect().replicaStatusQuery());
        return rows.isEmpty() ? null : rows.get(0);
    }

    static Object col(Map<String, Object> row, String... names) {
        if (row == null) {
            return null;
        }
        for (String n : names) {
            if (row.containsKey(n)) {
                return row.get(n);
            }
        }
        return null;
    }

    static String sourceHost(Map<String, Object> row) {
        Object v = col(row, "Master_Host", "Source_Host");
        return v == null ? null : v.toString();
    }

    static int sourcePort(Map<String, Object> row) {
        Object v = col(row, "Master_Port", "Source_Port");
        return v == null ? 0 : ((Number) v).intValue();
    }

    static boolean ioRunning(Map<String, Object> row) {
        return "Yes".equals(String.valueOf(col(row, "Slave_IO_Running", "Replica_IO_Running")));
    }

    static boolean sqlRunning(Map<String, Object> row) {
        return "Yes".equals(String.valueOf(col(row, "Slave_SQL_Running", "Replica_SQL_Running")));
    }

    static Long secondsBehind(Map<String, Object> row) {
        Object v = col(row, "Seconds_Behind_Master", "Seconds_Behind_Source");
        return v == null ? null : ((Number) v).longValue();
    }

    static String lastError(Map<String, Object> row) {
        Object errno = col(row, "Last_SQL_Errno");
        Object io = col(row, "Last_IO_Errno");
        StringBuilder sb = new StringBuilder();
        if (errno != null && ((Number) errno).intValue() != 0) {
            sb.append("SQL error ").append(errno).append(": ").append(col(row, "Last_SQL_Error"));
        }
        if (io != null && ((Number) io).intValue() != 0) {
            sb.append(sb.isEmpty() ? "" : "; ").append("IO error ").append(io).append(": ").append(col(row, "Last_IO_Error"));
        }
        return sb.toString();
    }

}
