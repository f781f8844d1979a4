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
            throw DbflipException.failed(s.name() + ": binary logging is off (SHOW MASTER STATUS is empty)");
        }
        return p;
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
