package io.dbflip.mysql;

import java.time.Duration;
import java.util.List;

/**
 * A managed flavor's dialect: the self-managed dialect it is compatible with (MySQL 5.7 for Aurora
 * 2, 8.0 for Aurora 3, 8.4 for RDS for MySQL 8.4, MariaDB for RDS for MariaDB) for everything the
 * master user may run itself — reading state, waiting, the process list — and a {@link
 * ManagedServer} for what needs SUPER there. Composition, not one subclass per flavor: the rds_*
 * statements exist once.
 */
final class ManagedDialect implements Dialect {
    private final Flavor flavor;
    private final Dialect base;
    private final ManagedServer managed;

    ManagedDialect(Flavor flavor, Dialect base, ManagedServer managed) {
        this.flavor = flavor;
        this.base = base;
        this.managed = managed;
    }

    @Override
    public Flavor flavor() {
        return flavor;
    }

    @Override
    public String replicaStatusQuery() {
        return base.replicaStatusQuery();
    }

    @Override
    public String binlogStatusQuery() {
        return base.binlogStatusQuery();
    }

    @Override
    public String gtidStateQuery() {
        return base.gtidStateQuery();
    }

    @Override
    public List<Sql> setupReplication(ReplicationSource source, BinlogPosition position) {
        return managed.setupReplication(source, position);
    }

    @Override
    public List<Sql> setupReplicationWithGtid(ReplicationSource source, String gtidSet) {
        return managed.setupReplicationWithGtid(source, gtidSet);
    }

    @Override
    public List<Sql> startReplica() {
        return managed.startReplica();
    }

    @Override
    public List<Sql> stopReplica() {
        return managed.stopReplica();
    }

    @Override
    public List<Sql> resetReplica() {
        return managed.resetReplica();
    }

    @Override
    public List<Sql> setReadOnly(boolean on) {
        return managed.setReadOnly(on);
    }

    @Override
    public boolean hasSuperReadOnly() {
        return base.hasSuperReadOnly();
    }

    @Override
    public Sql kill(long processId, boolean managedKill) {
        return managedKill ? managed.kill(processId) : base.kill(processId, false);
    }

    @Override
    public Sql killQuery(long processId, boolean managedKill) {
        return managedKill ? managed.killQuery(processId) : base.killQuery(processId, false);
    }

    @Override
    public String waitForPosition(BinlogPosition position, Duration timeout) {
        return base.waitForPosition(position, timeout);
    }

    @Override
    public String waitForGtid(String gtidSet, Duration timeout) {
        return base.waitForGtid(gtidSet, timeout);
    }

    @Override
    public List<Sql> ignoreRdsTables() {
        return managed.ignoreRdsTables();
    }

    @Override
    public String ignoreRdsTablesMyCnf() {
        return managed.ignoreRdsTablesMyCnf();
    }

    @Override
    public String replicationFilterQuery() {
        return base.replicationFilterQuery();
    }

    @Override
    public List<Sql> sessionBinlog(boolean on) {
        List<Sql> viaProcedure = managed.sessionBinlog(on);
        return viaProcedure != null ? viaProcedure : base.sessionBinlog(on);
    }

    @Override
    public String disableOnReplica() {
        return base.disableOnReplica();
    }

    @Override
    public String processListQuery() {
        return base.processListQuery();
    }

    @Override
    public String toString() {
        return "ManagedDialect(" + flavor.configName() + ": " + base + " + " + managed + ")";
    }
}
