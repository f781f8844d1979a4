package io.dbflip.mysql;

import java.util.List;

/**
 * A managed MySQL 8.4 or later (RDS for MySQL 8.4, and the sandbox's Aurora-like server built on
 * MySQL): MySQL 8.4's words for what the master user may run itself (SHOW REPLICA STATUS, SHOW
 * BINARY LOG STATUS, SOURCE_POS_WAIT), the "source" rds_* procedures for what it may not.
 */
public class RdsMySql84Dialect extends MySql84Dialect {
    public RdsMySql84Dialect() {
        super(Flavor.RDS_MYSQL_84);
    }

    @Override
    public List<Sql> setupReplication(ReplicationSource source, BinlogPosition position) {
        return List.of(RdsProcedures.setExternal("rds_set_external_source", source, position));
    }

    /** Without SUPER gtid_purged cannot be set: the GTID set must already be applied (a clone or import carries it). */
    @Override
    public List<Sql> setupReplicationWithGtid(ReplicationSource source, String gtidSet) {
        return List.of(RdsProcedures.setExternalAutoPosition("rds_set_external_source_with_auto_position", source));
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
        return RdsProcedures.call("rds_reset_external_source");
    }

    /** The master user holds neither SUPER nor SYSTEM_VARIABLES_ADMIN: read_only is the parameter group's. */
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
}
