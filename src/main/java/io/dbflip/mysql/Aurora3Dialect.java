package io.dbflip.mysql;

import java.util.List;

/**
 * Aurora MySQL 3 (MySQL 8.0 compatible): the "source" procedures (rds_set_external_source,
 * rds_reset_external_source), REPLICA words, and {@code SET SESSION sql_log_bin} for the master
 * user (it holds SESSION_VARIABLES_ADMIN). Aurora 3.01/3.02 are 8.0.23, so they wait with
 * MASTER_POS_WAIT; SOURCE_POS_WAIT comes with 8.0.26 (Aurora 3.03).
 */
public class Aurora3Dialect extends MySql80Dialect {
    public Aurora3Dialect() {
        this(999);
    }

    /** @param patch the z of the MySQL 8.0.z the Aurora release is compatible with ({@code @@version}) */
    public Aurora3Dialect(int patch) {
        super(Flavor.AURORA_MYSQL_3, Math.max(patch, 23));
    }

    @Override
    public List<Sql> setupReplication(ReplicationSource source, BinlogPosition position) {
        return List.of(RdsProcedures.setExternal("rds_set_external_source", source, position));
    }

    /** The GTID set must already be applied (an import carries it): without SUPER gtid_purged cannot be set. */
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

    /** read_only is a parameter-group setting on Aurora, and does not bind CONNECTION_ADMIN holders anyway. */
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
}
