package io.dbflip.mysql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Oracle MySQL's statements, in the words of a given release: MASTER/SLAVE up to 8.0.21, REPLICA
 * from 8.0.22 (SHOW REPLICA STATUS, START REPLICA), SOURCE from 8.0.23 (CHANGE REPLICATION SOURCE
 * TO), SOURCE_POS_WAIT from 8.0.26, SHOW BINARY LOG STATUS from 8.2 (and only it in 8.4). The
 * per-flavor subclasses fix those choices; a managed flavor wraps one of them in a
 * {@link ManagedDialect} with the mysql.rds_* procedures for what its master user may not run.
 */
public abstract class MySqlDialect implements Dialect {
    private final Flavor flavor;
    private final boolean replicaWords;
    private final boolean sourceWords;
    private final boolean sourcePosWait;
    private final boolean binaryLogStatus;

    protected MySqlDialect(Flavor flavor, boolean replicaWords, boolean sourceWords, boolean sourcePosWait,
                           boolean binaryLogStatus) {
        this.flavor = flavor;
        this.replicaWords = replicaWords;
        this.sourceWords = sourceWords;
        this.sourcePosWait = sourcePosWait;
        this.binaryLogStatus = binaryLogStatus;
    }

    @Override
    public Flavor flavor() {
        return flavor;
    }

    @Override
    public String replicaStatusQuery() {
        return replicaWords ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
    }

    @Override
    public String binlogStatusQuery() {
        return binaryLogStatus ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    @Override
    public String gtidStateQuery() {
        return "SELECT @@GLOBAL.gtid_mode AS gtid_mode, @@GLOBAL.gtid_executed AS gtid_executed,"
                + " @@GLOBAL.gtid_purged AS gtid_purged";
    }

    @Override
    public List<Sql> setupReplication(ReplicationSource source, BinlogPosition position) {
        String w = sourceWords ? "SOURCE" : "MASTER";
        String head = (sourceWords ? "CHANGE REPLICATION SOURCE TO " : "CHANGE MASTER TO ")
                + w + "_HOST=" + Quote.string(source.host()) + ", " + w + "_PORT=" + source.port() + ", "
                + w + "_USER=" + Quote.string(source.user()) + ", " + w + "_PASSWORD={secret}, "
                + w + "_LOG_FILE=" + Quote.string(position.file()) + ", " + w + "_LOG_POS=" + position.position()
                + ", " + w + "_AUTO_POSITION=0, " + w + "_SSL=" + (source.ssl() ? 1 : 0) + publicKey(source);
        return List.of(Sql.withSecret(head, source.password()));
    }

    @Override
    public List<Sql> setupReplicationWithGtid(ReplicationSource source, String gtidSet) {
        String w = sourceWords ? "SOURCE" : "MASTER";
        List<Sql> out = new ArrayList<>();
        if (gtidSet != null && !gtidSet.isBlank()) {
            // what the backup had applied; MySQL accepts it only while gtid_executed is empty
            out.add(Sql.of("SET GLOBAL gtid_purged = " + Quote.string(gtidSet.strip())));
        }
        String head = (sourceWords ? "CHANGE REPLICATION SOURCE TO " : "CHANGE MASTER TO ")
                + w + "_HOST=" + Quote.string(source.host()) + ", " + w + "_PORT=" + source.port() + ", "
                + w + "_USER=" + Quote.string(source.user()) + ", " + w + "_PASSWORD={secret}, "
                + w + "_AUTO_POSITION=1, " + w + "_SSL=" + (source.ssl() ? 1 : 0) + publicKey(source);
        out.add(Sql.withSecret(head, source.password()));
        return out;
    }

    /**
     * 8.0's default caching_sha2_password needs the source's RSA key when replication runs without
     * TLS; the source's key is fetched over the replication connection.
     */
    private String publicKey(ReplicationSource source) {
        if (source.ssl() || flavor == Flavor.MYSQL_57) {
            return "";
        }
        return sourceWords ? ", GET_SOURCE_PUBLIC_KEY=1" : ", GET_MASTER_PUBLIC_KEY=1";
    }

    @Override
    public List<Sql> startReplica() {
        return List.of(Sql.of(replicaWords ? "START REPLICA" : "START SLAVE"));
    }

    @Override
    public List<Sql> stopReplica() {
        return List.of(Sql.of(replicaWords ? "STOP REPLICA" : "STOP SLAVE"));
    }

    @Override
    public List<Sql> resetReplica() {
        return List.of(Sql.of(replicaWords ? "STOP REPLICA" : "STOP SLAVE"),
                Sql.of(replicaWords ? "RESET REPLICA ALL" : "RESET SLAVE ALL"));
    }

    /** super_read_only=ON sets read_only too; read_only=OFF clears super_read_only too: the order matters. */
    @Override
    public List<Sql> setReadOnly(boolean on) {
        // one statement, one round trip inside the window: "Setting super_read_only to ON implicitly forces
        // read_only to ON. Setting read_only to OFF implicitly forces super_read_only to OFF." (the manual,
        // server-system-variables, super_read_only; 5.7 to 9.x)
        return on ? List.of(Sql.of("SET GLOBAL super_read_only = ON")) : List.of(Sql.of("SET GLOBAL read_only = OFF"));
    }

    @Override
    public boolean hasSuperReadOnly() {
        return true;
    }

    @Override
    public Sql kill(long processId, boolean managedKill) {
        return managedKill ? Sql.of("CALL mysql.rds_kill(" + processId + ")") : Sql.of("KILL CONNECTION " + processId);
    }

    @Override
    public Sql killQuery(long processId, boolean managedKill) {
        return managedKill ? Sql.of("CALL mysql.rds_kill_query(" + processId + ")") : Sql.of("KILL QUERY " + processId);
    }

    @Override
    public String waitForPosition(BinlogPosition position, Duration timeout) {
        return "SELECT " + (sourcePosWait ? "SOURCE_POS_WAIT(" : "MASTER_POS_WAIT(") + Quote.string(position.file())
                + ", " + position.position() + ", " + Dialects.wholeSeconds(timeout) + ")";
    }

    /** WAIT_FOR_EXECUTED_GTID_SET returns 0 when applied and 1 on timeout: mapped to 0 / -1 like the position wait. */
    @Override
    public String waitForGtid(String gtidSet, Duration timeout) {
        return "SELECT IF(WAIT_FOR_EXECUTED_GTID_SET(" + Quote.string(gtidSet) + ", " + Dialects.wholeSeconds(timeout)
                + ") = 0, 0, -1)";
    }

    @Override
    public List<Sql> ignoreRdsTables() {
        return List.of(Sql.of("CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('mysql.rds%')"));
    }

    /** Empty (not NULL) only when performance_schema is on and no filter is set. */
    @Override
    public String replicationFilterQuery() {
        return "SELECT GROUP_CONCAT(FILTER_RULE) FROM performance_schema.replication_applier_global_filters"
                + " WHERE FILTER_NAME = 'REPLICATE_WILD_IGNORE_TABLE'";
    }

    @Override
    public String disableOnReplica() {
        return replicaWords ? "DISABLE ON REPLICA" : "DISABLE ON SLAVE";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
