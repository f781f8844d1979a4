package io.dbflip.mysql;

import java.util.List;

/**
 * RDS for MariaDB, and the sandbox's Aurora-like server: MariaDB's statements for reading state,
 * RDS's procedures for everything that needs SUPER (replication set-up, start, stop, reset, kill,
 * session binlog). read_only and replication filters live in the parameter group.
 */
public class RdsMariaDbDialect extends MariaDbDialect {
    @Override
    public Flavor flavor() {
        return Flavor.RDS_MARIADB;
    }

    @Override
    public List<Sql> setupReplication(ReplicationSource source, BinlogPosition position) {
        return List.of(RdsProcedures.setExternal("rds_set_external_master", source, position));
    }

    @Override
    public List<Sql> setupReplicationWithGtid(ReplicationSource source, String gtidSet) {
        return List.of(RdsProcedures.setExternalGtid(source, gtidSet));
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

    /** The admin has no SUPER (nor READ_ONLY ADMIN): read_only is the parameter group's. */
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
        return RdsProcedures.filterInParameterGroup("DB parameter group");
    }

    @Override
    public List<Sql> sessionBinlog(boolean on) {
        return RdsProcedures.call(on ? "rds_enable_session_binlog" : "rds_disable_session_binlog");
    }
}
