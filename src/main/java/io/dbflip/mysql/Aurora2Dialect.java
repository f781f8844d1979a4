package io.dbflip.mysql;

import java.util.List;

/**
 * Aurora MySQL 2 (MySQL 5.7 compatible). Its master user has no SUPER: replication is driven by
 * mysql.rds_set_external_master and friends, read_only lives in the parameter group, other users'
 * sessions end with mysql.rds_kill, and session binlogging with mysql.rds_disable_session_binlog
 * (2.12+).
 */
public class Aurora2Dialect extends MySql57Dialect {
    public Aurora2Dialect() {
        super(Flavor.AURORA_MYSQL_2);
    }

    @Override
    public List<Sql> setupReplication(ReplicationSource source, BinlogPosition position) {
        return List.of(RdsProcedures.setExternal("rds_set_external_master", source, position));
    }

    /** The GTID set must already be applied (an import carries it): without SUPER gtid_purged cannot be set. */
    @Override
    public List<Sql> setupReplicationWithGtid(ReplicationSource source, String gtidSet) {
        return List.of(RdsProcedures.setExternalAutoPosition("rds_set_external_master_with_auto_position", source));
    }

    @Override
    public List<Sql> startReplica() {
        return RdsProcedures.call("rds_start_replication");
    }

    @Override
    public List<Sql> stopReplica() {
        return RdsProcedures.call("rds_stop_replication");
    }

    @Override
    public List<Sql> resetReplica() {
        return RdsProcedures.call("rds_reset_external_master");
    }

    /** read_only is a parameter-group setting on Aurora: nothing the master user can run. */
    @Override
    public List<Sql> setReadOnly(boolean on) {
        return List.of();
    }

    @Override
    public List<Sql> ignoreRdsTables() {
        return List.of();
    }

    @Override
    public String ignoreRdsTablesMyCnf() {
        return RdsProcedures.filterInParameterGroup("DB cluster parameter group");
    }

    @Override
    public List<Sql> sessionBinlog(boolean on) {
        return RdsProcedures.call(on ? "rds_enable_session_binlog" : "rds_disable_session_binlog");
    }
}
