package io.dbflip.mysql;

import java.util.List;

/**
 * What a managed server's master user runs instead of the statements that need SUPER: the
 * {@code mysql.rds_*} procedures of RDS and Aurora. One component, given to a dialect by
 * {@link ManagedDialect}; the managed flavors differ only in the procedures' names ("master" on
 * Aurora 2 and RDS for MariaDB, "source" on Aurora 3 and RDS for MySQL 8.4), in how GTID
 * replication is set up, in whether session binlogging needs a procedure, and in the parameter
 * group that holds read_only and the replication filters.
 */
public final class ManagedServer {
    /** How {@link #setupReplicationWithGtid} is called. */
    enum GtidSetup {
        /** MySQL's auto-position: {@code rds_set_external_<word>_with_auto_position(host, port, user, pw, ssl)}. */
        AUTO_POSITION,
        /** RDS for MariaDB: {@code rds_set_external_master_gtid(host, port, user, pw, gtid, ssl)}. */
        MARIADB_GTID
    }

    /** Aurora MySQL 2: "master" procedures, session binlog through rds_disable_session_binlog (2.12+). */
    public static final ManagedServer AURORA_2 = new ManagedServer("master", GtidSetup.AUTO_POSITION, true,
            "DB cluster parameter group");
    /** Aurora MySQL 3: "source" procedures; its master user sets sql_log_bin itself (SESSION_VARIABLES_ADMIN). */
    public static final ManagedServer AURORA_3 = new ManagedServer("source", GtidSetup.AUTO_POSITION, false,
            "DB cluster parameter group");
    /** RDS for MySQL 8.4 (and the sandbox's Aurora-like server on MySQL): "source" procedures, as Aurora 3. */
    public static final ManagedServer RDS_MYSQL_84 = new ManagedServer("source", GtidSetup.AUTO_POSITION, false,
            "DB parameter group");
    /** RDS for MariaDB (and the sandbox's Aurora-like server on MariaDB): "master" procedures, MariaDB GTIDs. */
    public static final ManagedServer RDS_MARIADB = new ManagedServer("master", GtidSetup.MARIADB_GTID, true,
            "DB parameter group");

    private final String word;
    private final GtidSetup gtid;
    private final boolean binlogProcedures;
    private final String parameterGroup;

    private ManagedServer(String word, GtidSetup gtid, boolean binlogProcedures, String parameterGroup) {
        this.word = word;
        this.gtid = gtid;
        this.binlogProcedures = binlogProcedures;
        this.parameterGroup = parameterGroup;
    }

    /** {@code mysql.rds_set_external_<word>(host, port, user, password, log_file, log_pos, ssl)} */
    List<Sql> setupReplication(ReplicationSource s, BinlogPosition p) {
        return List.of(Sql.withSecret("CALL mysql.rds_set_external_" + word + "(" + Quote.string(s.host()) + ", "
                + s.port() + ", " + Quote.string(s.user()) + ", {secret}, " + Quote.string(p.file()) + ", "
                + p.position() + ", " + ssl(s) + ")", s.password()));
    }

    /**
     * MySQL: without SUPER gtid_purged cannot be set, so the GTID set must already be applied (a
     * clone or an import carries it). RDS for MariaDB takes the set as an argument.
     */
    List<Sql> setupReplicationWithGtid(ReplicationSource s, String gtidSet) {
        if (gtid == GtidSetup.MARIADB_GTID) {
            return List.of(Sql.withSecret("CALL mysql.rds_set_external_master_gtid(" + Quote.string(s.host()) + ", "
                    + s.port() + ", " + Quote.string(s.user()) + ", {secret}, "
                    + Quote.string(gtidSet == null ? "" : gtidSet.strip()) + ", " + ssl(s) + ")", s.password()));
        }
        return List.of(Sql.withSecret("CALL mysql.rds_set_external_" + word + "_with_auto_position("
                + Quote.string(s.host()) + ", " + s.port() + ", " + Quote.string(s.user()) + ", {secret}, " + ssl(s) + ")",
                s.password()));
    }

    List<Sql> startReplica() {
        return call("rds_start_replication");
    }

    List<Sql> stopReplica() {
        return call("rds_stop_replication");
    }

    /** The procedure stops the threads itself. */
    List<Sql> resetReplica() {
        return call("rds_reset_external_" + word);
    }

    /** read_only is the parameter group's: nothing the master user can run. */
    List<Sql> setReadOnly(boolean on) {
        return List.of();
    }

    /** Replication filters are the parameter group's too: the master user cannot change them at run time. */
    List<Sql> ignoreRdsTables() {
        return List.of();
    }

    String ignoreRdsTablesMyCnf() {
        return "set replicate_wild_ignore_table = mysql.rds% in the " + parameterGroup
                + " (the master user cannot change replication filters at run time)";
    }

    /** The procedures, or null where the master user may set sql_log_bin itself (the base dialect's way). */
    List<Sql> sessionBinlog(boolean on) {
        return binlogProcedures ? call(on ? "rds_enable_session_binlog" : "rds_disable_session_binlog") : null;
    }

    Sql kill(long processId) {
        return Sql.of("CALL mysql.rds_kill(" + processId + ")");
    }

    Sql killQuery(long processId) {
        return Sql.of("CALL mysql.rds_kill_query(" + processId + ")");
    }

    private static int ssl(ReplicationSource s) {
        return s.ssl() ? 1 : 0;
    }

    private static List<Sql> call(String procedure) {
        return List.of(Sql.of("CALL mysql." + procedure + "()"));
    }

    @Override
    public String toString() {
        return "rds_* (" + word + ")";
    }
}
