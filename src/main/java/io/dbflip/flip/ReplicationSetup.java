package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.SideConfig;
import io.dbflip.coordinates.Coordinates;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes one side a replica of the other at coordinates a backup printed — the seed's "set Aurora
 * up as a slave of our on-premise database" — the flavor's way (rds_set_external_master on a
 * managed server, CHANGE MASTER elsewhere), then waits until both threads run.
 */
public final class ReplicationSetup {
    private final Server source;
    private final SideConfig sourceSide;
    private final Server target;
    private final SideConfig targetSide;

    public ReplicationSetup(Server source, SideConfig sourceSide, Server target, SideConfig targetSide) {
        this.source = source;
        this.sourceSide = sourceSide;
        this.target = target;
        this.targetSide = targetSide;
    }

    /** Reasons to refuse (exit 3); empty when the target may become a replica of the source. */
    public List<String> preconditions(Coordinates c) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> row = Reads.replicaRow(target);
        if (row != null && Reads.sourceHost(row) != null && !Reads.sourceHost(row).isEmpty()) {
            boolean same = Topology.pointsAt(row, sourceSide);
            problems.add(targetSide.role() + " already replicates from " + Reads.sourceHost(row) + ":" + Reads.sourcePort(row)
                    + (same ? " (this source): nothing to do; reset it first to start over from other coordinates"
                    : "; reset its replication first if that is really meant"));
        }
        String sId = source.queryString("SELECT @@server_id");
        String tId = target.queryString("SELECT @@server_id");
        if (sId.equals(tId)) {
            problems.add("server_id clash: both " + sourceSide.role() + " and " + targetSide.role() + " have " + sId);
        }
        if (!"1".equals(source.queryString("SELECT @@global.log_bin"))) {
            problems.add(sourceSide.role() + " writes no binary log: nothing to replicate from");
        }
        if (c.binlogFile() == null || c.position() == null) {
            if (c.gtidSet() == null) {
                problems.add("the coordinates have neither a binlog file and position nor a GTID set");
            } else {
                problems.add("the coordinates carry only a GTID set (" + c.gtidSet() + "); dbflip replicate sets up "
                        + "file/position replication: give the backup's binlog file and position");
            }
        } else if (!binlogExists(c.binlogFile())) {
            problems.add(sourceSide.role() + " no longer has binlog " + c.binlogFile()
                    + " (purged?): take a new backup");
        }
        return problems;
    }

    private boolean binlogExists(String file) {
        try {
            return source.query("SHOW BINARY LOGS").stream().anyMatch(r -> file.equals(String.valueOf(r.get("Log_name"))));
        } catch (RuntimeException e) {
            return true; // the account may not list binlogs: the IO thread will tell
        }
    }

    /** The statements, safe to print. */
    public List<Sql> statements(Coordinates c) {
        List<Sql> out = new ArrayList<>(target.dialect().setupReplication(FlipRunner.source(sourceSide),
                new BinlogPosition(c.binlogFile(), c.position())));
        out.addAll(target.dialect().startReplica());
        return out;
    }

    /** Runs the statements and waits (bounded) until both threads run; returns the replica status row. */
    public Map<String, Object> run(Coordinates c, long boundSeconds) {
        target.executeAll(statements(c));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(boundSeconds);
        Map<String, Object> row = Reads.replicaRow(target);
        while (System.nanoTime() < deadline) {
            row = Reads.replicaRow(target);
            if (Reads.ioRunning(row) && Reads.sqlRunning(row)) {
                return row;
            }
            if (!Reads.lastError(row).isEmpty()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw DbflipException.failed(targetSide.role() + " does not replicate from " + sourceSide.role() + ": IO "
                + (Reads.ioRunning(row) ? "running" : "stopped") + ", SQL " + (Reads.sqlRunning(row) ? "running" : "stopped")
                + (Reads.lastError(row).isEmpty() ? "" : ", " + Reads.lastError(row)));
    }

    /** Make {@code server} ignore mysql.rds% (dynamically where possible); returns what to say. */
    public static List<String> ignoreRdsTables(Server server, SideConfig side) {
        List<String> out = new ArrayList<>();
        List<Sql> sql = server.dialect().ignoreRdsTables();
        if (sql.isEmpty()) {
            out.add(side.role() + " (" + server.flavor().configName() + ") cannot set the filter dynamically; add to its "
                    + "configuration: " + server.dialect().ignoreRdsTablesMyCnf());
            return out;
        }
        Map<String, Object> row = Reads.replicaRow(server);
        boolean running = row != null && (Reads.ioRunning(row) || Reads.sqlRunning(row));
        if (running) {
            server.executeAll(server.dialect().stopReplica());
        }
        server.executeAll(sql);
        if (running) {
            server.executeAll(server.dialect().startReplica());
        }
        out.add(side.role() + " ignores mysql.rds% now: " + sql);
        out.add("to keep it after a restart, add to " + side.role() + "'s my.cnf: " + server.dialect().ignoreRdsTablesMyCnf());
        return out;
    }
}
