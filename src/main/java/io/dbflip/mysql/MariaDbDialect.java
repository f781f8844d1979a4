package io.dbflip.mysql;

import java.time.Duration;
import java.util.List;

/**
 * MariaDB 10.x/11.x: CHANGE MASTER TO with MASTER_USE_GTID, its own GTID variables
 * (gtid_binlog_pos, gtid_slave_pos, gtid_current_pos), MASTER_GTID_WAIT, no super_read_only
 * (and READ_ONLY ADMIN holders write through read_only), replication filters as global variables.
 */
public class MariaDbDialect implements Dialect {
    @Override
    public Flavor flavor() {
        return Flavor.MARIADB;
    }

    @Override
    public String replicaStatusQuery() {
        return "SHOW SLAVE STATUS";
    }

    @Override
    public String binlogStatusQuery() {
        return "SHOW MASTER STATUS";
    }

    @Override
    public String gtidStateQuery() {
        return "SELECT @@GLOBAL.gtid_binlog_pos AS gtid_binlog_pos, @@GLOBAL.gtid_slave_pos AS gtid_slave_pos,"
                + " @@GLOBAL.gtid_current_pos AS gtid_current_pos, @@GLOBAL.gtid_strict_mode AS gtid_strict_mode";
    }

    @Override
    public List<Sql> setupReplication(ReplicationSource source, BinlogPosition position) {
        return List.of(Sql.withSecret(changeMaster(source) + ", MASTER_LOG_FILE=" + Quote.string(position.file())
                + ", MASTER_LOG_POS=" + position.position() + ", MASTER_USE_GTID=no, MASTER_SSL=" + ssl(source),
                source.password()));
    }

    @Override
    public List<Sql> setupReplicationWithGtid(ReplicationSource source, String gtidSet) {
        return List.of(Sql.of("SET GLOBAL gtid_slave_pos = " + Quote.string(gtidSet == null ? "" : gtidSet.strip())),
                Sql.withSecret(changeMaster(source) + ", MASTER_USE_GTID=slave_pos, MASTER_SSL=" + ssl(source),
                        source.password()));
    }

    private static String changeMaster(ReplicationSource s) {
        return "CHANGE MASTER TO MASTER_HOST=" + Quote.string(s.host()) + ", MASTER_PORT=" + s.port()
                + ", MASTER_USER=" + Quote.string(s.user()) + ", MASTER_PASSWORD={secret}";
    }

    private static int ssl(ReplicationSource s) {
        return s.ssl() ? 1 : 0;
    }

    @Override
    public List<Sql> startReplica() {
        return List.of(Sql.of("START SLAVE"));
    }

    @Override
    public List<Sql> stopReplica() {
        return List.of(Sql.of("STOP SLAVE"));
    }

    @Override
    public List<Sql> resetReplica() {
        return List.of(Sql.of("STOP SLAVE"), Sql.of("RESET SLAVE ALL"));
    }

    @Override
    public List<Sql> setReadOnly(boolean on) {
        return List.of(Sql.of("SET GLOBAL read_only = " + (on ? "ON" : "OFF")));
    }

    @Override
    public Sql kill(long processId, boolean managedKill) {
        return managedKill ? Sql.of("CALL mysql.rds_kill(" + processId + ")") : Sql.of("KILL CONNECTION " + processId);
    }

    /** MariaDB takes the timeout of MASTER_POS_WAIT as whole seconds. */
    @Override
    public String waitForPosition(BinlogPosition position, Duration timeout) {
        return "SELECT MASTER_POS_WAIT(" + Quote.string(position.file()) + ", " + position.position() + ", "
                + Dialects.wholeSeconds(timeout) + ")";
    }

    /** MASTER_GTID_WAIT returns 0 when reached, -1 on timeout; fractional seconds are allowed. */
    @Override
    public String waitForGtid(String gtidSet, Duration timeout) {
        return "SELECT MASTER_GTID_WAIT(" + Quote.string(gtidSet) + ", " + Dialects.fractionalSeconds(timeout) + ")";
    }

    /** Needs both replica threads stopped (STOP SLAVE first, START SLAVE after). */
    @Override
    public List<Sql> ignoreRdsTables() {
        return List.of(Sql.of("SET GLOBAL replicate_wild_ignore_table = 'mysql.rds%'"));
    }

    @Override
    public String replicationFilterQuery() {
        return "SELECT @@GLOBAL.replicate_wild_ignore_table";
    }

    @Override
    public String disableOnReplica() {
        return "DISABLE ON SLAVE";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
