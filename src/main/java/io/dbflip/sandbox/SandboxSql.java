package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.BinlogStatus;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.Dialect;
import io.dbflip.mysql.Dialects;
import io.dbflip.mysql.Flavor;
import io.dbflip.mysql.ReplicaStatusParser;
import io.dbflip.mysql.ReplicationSource;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Rows;
import io.dbflip.mysql.Sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's few reads and writes over plain JDBC, in one place. Replication set-up goes
 * through the mysql package's dialects (MariaDB: CHANGE MASTER; the Aurora-like server:
 * mysql.rds_set_external_master), so the sandbox exercises the same SQL as a real flip.
 * Errors name the server; no statement carrying a password is ever put in a message.
 */
final class SandboxSql {
    private SandboxSql() {
    }

    static Connection connect(String host, int port, String user, String password) throws SQLException {
        return DriverManager.getConnection(SandboxServer.jdbcUrl(host, port), user, password);
    }

    /** Runs dialect statements; a failure shows the masked form, never a password. */
    static void executeSql(Connection c, String what, List<Sql> statements) {
        try (Statement s = c.createStatement()) {
            for (Sql sql : statements) {
                try {
                    s.execute(sql.text());
                } catch (SQLException e) {
                    throw DbflipException.failed(what + ": " + sql.display() + ": " + sql.scrub(e.getMessage())
                            + " (error " + e.getErrorCode() + ")", e);
                }
            }
        } catch (SQLException e) {
            throw DbflipException.failed(what + ": " + e.getMessage(), e);
        }
    }

    /** The statements that make a server a replica at a file/position, the flavor's way (rds_* on the Aurora-like server). */
    static List<Sql> setupReplication(Flavor flavor, String host, int port, String user, String password, String file, long pos) {
        return setupReplication(flavor, host, port, user, password, file, pos, null);
    }

    /** caFile: null = no TLS; else MASTER_SSL=1, and on a server we may CHANGE MASTER on, verify against that CA. */
    static List<Sql> setupReplication(Flavor flavor, String host, int port, String user, String password, String file, long pos,
                                      String caFile) {
        Dialect d = Dialects.of(flavor);
        List<Sql> out = new java.util.ArrayList<>(d.setupReplication(new ReplicationSource(host, port, user, password,
                caFile != null), new BinlogPosition(file, pos)));
        if (caFile != null && !flavor.managed()) {
            // the rds procedure takes only the ssl flag; a plain replica also checks the master's certificate
            out.add(Sql.of(flavor.mariadb()
                    ? "CHANGE MASTER TO MASTER_SSL_CA = " + quote(caFile) + ", MASTER_SSL_VERIFY_SERVER_CERT = 1"
                    : "CHANGE REPLICATION SOURCE TO SOURCE_SSL_CA = " + quote(caFile) + ", SOURCE_SSL_VERIFY_SERVER_CERT = 1"));
        }
        out.addAll(d.startReplica());
        return out;
    }

    /** The statements that make a server a replica with GTID auto-positioning, the flavor's way (MySQL engine). */
    static List<Sql> setupReplicationWithGtid(Flavor flavor, String host, int port, String user, String password,
                                              String caFile) {
        Dialect d = Dialects.of(flavor);
        List<Sql> out = new java.util.ArrayList<>(d.setupReplicationWithGtid(new ReplicationSource(host, port, user,
                password, caFile != null), null));
        if (caFile != null && !flavor.managed()) {
            out.add(Sql.of("CHANGE REPLICATION SOURCE TO SOURCE_SSL_CA = " + quote(caFile)
                    + ", SOURCE_SSL_VERIFY_SERVER_CERT = 1"));
        }
        out.addAll(d.startReplica());
        return out;
    }

    static List<Sql> startReplica(Flavor flavor) {
        return Dialects.of(flavor).startReplica();
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
            return rs.next() ? Rows.current(rs, ResultSet::getString) : new LinkedHashMap<>();
        } catch (SQLException e) {
            throw DbflipException.failed(sql + ": " + e.getMessage(), e);
        }
    }

    /** True when the connection's server is MariaDB (its version string says so); otherwise MySQL. */
    static boolean mariadb(Connection c) {
        try {
            return c.getMetaData().getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        } catch (SQLException e) {
            throw DbflipException.failed("cannot read the server version: " + e.getMessage(), e);
        }
    }

    /** The engine's words: MySQL 8.4+ has only SHOW REPLICA STATUS / SHOW BINARY LOG STATUS. */
    private static Dialect dialect(Connection c) {
        return Dialects.of(mariadb(c) ? Flavor.MARIADB : Flavor.MYSQL_84);
    }

    /** The server's replication status through the mysql package's one reader, or null when it is no replica. */
    static ReplicationStatus replicaStatus(Connection c) {
        Map<String, String> row = row(c, dialect(c).replicaStatusQuery());
        return row.isEmpty() ? null : ReplicaStatusParser.parse(new LinkedHashMap<>(row));
    }

    static BinlogStatus masterStatus(Connection c) {
        Map<String, String> row = row(c, dialect(c).binlogStatusQuery());
        return row.isEmpty() ? null : BinlogStatus.parse(row);
    }

    static String firstBinlog(Connection c) {
        return row(c, "SHOW BINARY LOGS").get("Log_name");
    }

    static boolean running(ReplicationStatus status) {
        return status != null && status.running();
    }

    /** Waits until both replication threads run, failing at once on a replication error. */
    static void awaitReplicating(Connection c, String server, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        ReplicationStatus st = null;
        while (System.nanoTime() < deadline) {
            st = replicaStatus(c);
            if (running(st)) {
                return;
            }
            if (st != null && st.lastErrno() != 0 && !st.sqlRunning()) {
                throw DbflipException.failed(server + ": replication stopped with error " + st.lastErrno()
                        + ": " + st.lastError());
            }
            SandboxServer.sleep(50);
        }
        throw DbflipException.failed(server + ": replication threads not both running after " + bound.toSeconds()
                + " s (" + (st == null ? "not a replica" : "IO " + st.ioRunning() + ", SQL " + st.sqlRunning()
                + ", last error: " + st.lastError()) + ")");
    }

    /** Waits (in the server, not by polling) until the replica has applied the master's current position. */
    static void awaitCaughtUp(Connection master, Connection replica, String replicaName, Duration bound) {
        ReplicationStatus rs = replicaStatus(replica);
        boolean autoPosition = rs != null && "1".equals(rs.gtidMode());
        if (!mariadb(master) && autoPosition) {
            // MySQL's position wait returns only at the parallel applier's next checkpoint; the GTID wait at once.
            // (A replica set up at a file and position may lack the master's older GTIDs: it waits by position.)
            String gtids = row(master, "SELECT @@GLOBAL.gtid_executed AS g").get("g");
            String r = row(replica, "SELECT WAIT_FOR_EXECUTED_GTID_SET(" + quote(gtids) + ", " + bound.toSeconds()
                    + ") AS w").get("w");
            if (!"0".equals(r)) {
                throw DbflipException.failed(replicaName + ": did not apply " + gtids + " within " + bound.toSeconds() + " s");
            }
            return;
        }
        BinlogPosition ms = masterStatus(master).position();
        String sql = "SELECT " + (mariadb(master) ? "MASTER_POS_WAIT(" : "SOURCE_POS_WAIT(") + quote(ms.file()) + ", " + ms.position() + ", "
                + bound.toSeconds() + ")";
        String r = row(replica, sql).values().iterator().next();
        if (r == null || "-1".equals(r)) {
            throw DbflipException.failed(replicaName + ": did not reach " + ms
                    + " within " + bound.toSeconds() + " s (" + (r == null ? "replication not running" : "timeout") + ")");
        }
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
