package io.dbflip.mysql;

import java.time.Duration;
import java.util.List;

/**
 * The SQL one flavor speaks for everything dbflip does. Flavor differences live here and only
 * here: callers never test the flavor themselves. Statements that carry a password return a
 * {@link Sql} whose display form masks it.
 */
public interface Dialect {
    Flavor flavor();

    /** SHOW SLAVE STATUS or SHOW REPLICA STATUS. */
    String replicaStatusQuery();

    /** SHOW MASTER STATUS or SHOW BINARY LOG STATUS. */
    String binlogStatusQuery();

    /** A one-row SELECT of the server's GTID state (gtid_executed; MariaDB: gtid_binlog_pos, gtid_slave_pos, gtid_current_pos). */
    String gtidStateQuery();

    /** Make this server a replica of {@code source} from a binlog file and position. */
    List<Sql> setupReplication(ReplicationSource source, BinlogPosition position);

    /** Make this server a replica of {@code source} with GTID auto-positioning (MariaDB: master_use_gtid=slave_pos after setting gtid_slave_pos). */
    List<Sql> setupReplicationWithGtid(ReplicationSource source, String gtidSet);

    List<Sql> startReplica();

    List<Sql> stopReplica();

    /** Forget the replica configuration entirely (RESET SLAVE ALL / rds_reset_external_master). */
    List<Sql> resetReplica();

    /** read_only, and super_read_only where the flavor has it. Empty when the flavor cannot (managed). */
    List<Sql> setReadOnly(boolean on);

    /** End a session: KILL CONNECTION n, or CALL mysql.rds_kill(n). */
    Sql kill(long processId, boolean managedKill);

    /** A SELECT that blocks on the server until the position is applied or the timeout passes; returns -1 on timeout, NULL when not a replica. */
    String waitForPosition(BinlogPosition position, Duration timeout);

    /** A SELECT that blocks on the server until the GTID set is applied or the timeout passes. */
    String waitForGtid(String gtidSet, Duration timeout);

    /** Make replication ignore {@code mysql.rds%} tables, dynamically (replica threads stopped). */
    List<Sql> ignoreRdsTables();

    /** The my.cnf line that makes the filter survive a restart; the same option on MySQL and MariaDB. */
    default String ignoreRdsTablesMyCnf() {
        return "replicate-wild-ignore-table = mysql.rds%";
    }

    /** Turn binary logging off (or on) for this session only, or empty when the flavor cannot. */
    default List<Sql> sessionBinlog(boolean on) {
        return List.of(Sql.of("SET SESSION sql_log_bin = " + (on ? "ON" : "OFF")));
    }

    /**
     * A one-column SELECT of the replication filter {@code replicate_wild_ignore_table} (MariaDB's
     * global variable; MySQL's performance_schema table, which answers NULL when performance_schema
     * is off: then the filter is set again, which is idempotent).
     */
    String replicationFilterQuery();

    /**
     * The ALTER EVENT clause that keeps a replicated event off on a replica: DISABLE ON SLAVE
     * (MariaDB, MySQL before 8.0.22), DISABLE ON REPLICA (MySQL 8.0.22+). information_schema.EVENTS
     * reports the state as SLAVESIDE_DISABLED or REPLICA_SIDE_DISABLED: see {@link #REPLICA_SIDE_DISABLED}.
     */
    String disableOnReplica();

    /**
     * ALTER EVENT with a state clause. MySQL and MariaDB make the altering account the event's
     * definer unless the statement names one; naming another account needs SET_ANY_DEFINER /
     * SET_USER_ID (Aurora 3's master user has it), SET USER or SUPER, so the caller passes the
     * definer only when its admin may.
     *
     * @param definer {@code user@host} as information_schema.EVENTS reports it, or null
     */
    default Sql alterEvent(String schema, String name, String definer, String clause) {
        int at = definer == null ? -1 : definer.lastIndexOf('@');
        String who = at < 0 ? "" : "DEFINER = " + Quote.string(definer.substring(0, at)) + "@"
                + Quote.string(definer.substring(at + 1)) + " ";
        return Sql.of("ALTER " + who + "EVENT " + Quote.identifier(schema) + "." + Quote.identifier(name) + " " + clause);
    }

    /** Every name a server reports for an event disabled on the replica side (STATUS IN (…)). */
    List<String> REPLICA_SIDE_DISABLED = List.of("SLAVESIDE_DISABLED", "REPLICA_SIDE_DISABLED");

    /** SELECT id, user, host, db, command, time, state FROM the process list. */
    default String processListQuery() {
        return Dialects.PROCESS_LIST;
    }

    /** True when the flavor has super_read_only (MySQL, Aurora); MariaDB has not. */
    default boolean hasSuperReadOnly() {
        return false;
    }

    /** End a session's running statement, keeping the session: KILL QUERY n, or CALL mysql.rds_kill_query(n). */
    default Sql killQuery(long processId, boolean managedKill) {
        return Sql.of(managedKill ? "CALL mysql.rds_kill_query(" + processId + ")" : "KILL QUERY " + processId);
    }
}
