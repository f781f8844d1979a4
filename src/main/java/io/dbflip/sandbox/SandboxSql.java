package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's few replication statements in plain JDBC, kept in this one place so they can be
 * switched to the mysql package's dialects ({@code io.dbflip.mysql.Dialects}) without touching the
 * rest. Errors name the server; no statement carrying a password is ever put in a message.
 */
final class SandboxSql {
    private SandboxSql() {
    }

    static Connection connect(String host, int port, String user, String password) throws SQLException {
        return DriverManager.getConnection(MariaDbServer.jdbcUrl(host, port), user, password);
    }

    static void execute(Connection c, String what, List<String> statements) {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw DbflipException.failed(what + ": " + e.getMessage() + " (error " + e.getErrorCode() + ")", e);
        }
    }

    /** The first row of a query as a column-label map, or an empty map when there is no row. */
    static Map<String, String> row(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Map<String, String> row = new LinkedHashMap<>();
            if (rs.next()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getString(i));
                }
            }
            return row;
        } catch (SQLException e) {
            throw DbflipException.failed(sql + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> slaveStatus(Connection c) {
        return row(c, "SHOW SLAVE STATUS");
    }

    static Map<String, String> masterStatus(Connection c) {
        return row(c, "SHOW MASTER STATUS");
    }

    static String firstBinlog(Connection c) {
        return row(c, "SHOW BINARY LOGS").get("Log_name");
    }

    static String changeMaster(String host, int port, String user, String password, String file, long pos) {
        return "CHANGE MASTER TO MASTER_HOST=" + quote(host) + ", MASTER_PORT=" + port + ", MASTER_USER=" + quote(user)
                + ", MASTER_PASSWORD=" + quote(password) + ", MASTER_LOG_FILE=" + quote(file) + ", MASTER_LOG_POS=" + pos
                + ", MASTER_CONNECT_RETRY=1";
    }

    static boolean running(Map<String, String> status) {
        return "Yes".equals(status.get("Slave_IO_Running")) && "Yes".equals(status.get("Slave_SQL_Running"));
    }

    /** Waits until both replication threads run, failing at once on a replication error. */
    static void awaitReplicating(Connection c, String server, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Map<String, String> st = Map.of();
        while (System.nanoTime() < deadline) {
            st = slaveStatus(c);
            if (running(st)) {
                return;
            }
            String err = st.getOrDefault("Last_SQL_Error", "");
            if (!"0".equals(st.getOrDefault("Last_SQL_Errno", "0"))) {
                throw DbflipException.failed(server + ": replication stopped with error " + st.get("Last_SQL_Errno")
                        + ": " + err);
            }
            MariaDbServer.sleep(50);
        }
        throw DbflipException.failed(server + ": replication threads not both running after " + bound.toSeconds()
                + " s (IO " + st.get("Slave_IO_Running") + ", SQL " + st.get("Slave_SQL_Running") + ", last IO error: "
                + st.get("Last_IO_Error") + ")");
    }

    /** Waits (in the server, not by polling) until the replica has applied the master's current position. */
    static void awaitCaughtUp(Connection master, Connection replica, String replicaName, Duration bound) {
        Map<String, String> ms = masterStatus(master);
        String sql = "SELECT MASTER_POS_WAIT(" + quote(ms.get("File")) + ", " + ms.get("Position") + ", "
                + bound.toSeconds() + ")";
        String r = row(replica, sql).values().iterator().next();
        if (r == null || "-1".equals(r)) {
            throw DbflipException.failed(replicaName + ": did not reach " + ms.get("File") + ":" + ms.get("Position")
                    + " within " + bound.toSeconds() + " s (" + (r == null ? "replication not running" : "timeout") + ")");
        }
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
