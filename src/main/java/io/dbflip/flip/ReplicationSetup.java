package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.SideConfig;
import io.dbflip.coordinates.Coordinates;
import io.dbflip.mysql.BinlogPosition;
import io.dbflip.mysql.Quote;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.replicate.GtidFacts;
import io.dbflip.replicate.ReplicationPlan;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes one side a replica of the other at coordinates a backup printed — the seed's "set Aurora
 * up as a slave of our on-premise database" — the flavor's way (rds_set_external_source[_with_auto_position]
 * on a managed server, CHANGE REPLICATION SOURCE / CHANGE MASTER elsewhere), by GTID when the
 * coordinates carry a set and both servers write GTIDs ({@link ReplicationPlan}), then waits until
 * both threads run.
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

    /**
     * GTID auto-position or file/position, from both servers' GTID state: read here, decided by
     * {@link ReplicationPlan}. Reads only.
     */
    public ReplicationPlan plan(Coordinates c) {
        String set = c.gtidSet() == null || c.gtidSet().isBlank() ? null : c.gtidSet().strip();
        return ReplicationPlan.decide(c, gtidFacts(source, set, false), gtidFacts(target, set, true),
                sourceSide.role(), targetSide.role());
    }

    private static GtidFacts gtidFacts(Server s, String set, boolean asTarget) {
        Map<String, Object> row = s.query(s.dialect().gtidStateQuery()).get(0);
        boolean mariadb = !row.containsKey("gtid_mode");
        if (mariadb) {
            return new GtidFacts(true, true, s.flavor().managed(), null, true, null);
        }
        boolean on = "ON".equalsIgnoreCase(String.valueOf(row.get("gtid_mode")));
        String executed = row.get("gtid_executed") == null ? "" : row.get("gtid_executed").toString().strip();
        Boolean holds = null;
        Boolean purgedBeyond = null;
        if (on && set != null && set.matches("(?i)^[0-9a-f-]{36}:.*")) {
            try {
                if (asTarget) {
                    holds = "1".equals(s.queryString("SELECT GTID_SUBSET(" + Quote.string(set) + ", @@GLOBAL.gtid_executed)"));
                } else {
                    purgedBeyond = "0".equals(s.queryString("SELECT GTID_SUBSET(@@GLOBAL.gtid_purged, " + Quote.string(set) + ")"));
                }
            } catch (DbflipException e) {
                // a malformed set: the plan says so, or the server will
            }
        }
        return new GtidFacts(false, on, s.flavor().managed(), holds, executed.isEmpty(), purgedBeyond);
    }

    /** Reasons to refuse (exit 3); empty when the target may become a replica of the source. */
    public List<String> preconditions(Coordinates c, ReplicationPlan plan) {
        List<String> problems = new ArrayList<>(plan.problems());
        ReplicationStatus now = replicaStatus(target);
        if (now != null && now.sourceHost() != null && !now.sourceHost().isEmpty()) {
            boolean same = Topology.pointsAt(now, sourceSide);
            problems.add(targetSide.role() + " already replicates from " + now.sourceHost() + ":" + now.sourcePort()
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
        if (plan.mode() == ReplicationPlan.Mode.FILE_POSITION && !binlogExists(c.binlogFile())) {
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

    /** The statements, safe to print (the password masked in their display form). */
    public List<Sql> statements(Coordinates c, ReplicationPlan plan) {
        List<Sql> out = new ArrayList<>(plan.mode() == ReplicationPlan.Mode.GTID
                ? target.dialect().setupReplicationWithGtid(Steps.source(sourceSide), plan.setGtids() ? plan.gtidSet() : null)
                : target.dialect().setupReplication(Steps.source(sourceSide), new BinlogPosition(c.binlogFile(), c.position())));
        out.addAll(target.dialect().startReplica());
        return out;
    }

    /** Runs the statements and waits (bounded) until both threads run; returns the replica status. */
    public ReplicationStatus run(Coordinates c, ReplicationPlan plan, long boundSeconds) {
        target.executeAll(statements(c, plan));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(boundSeconds);
        ReplicationStatus st = replicaStatus(target);
        while (System.nanoTime() < deadline) {
            st = replicaStatus(target);
            if (st != null && st.ioRunning() && st.sqlRunning()) {
                return st;
            }
            if (st != null && st.lastError() != null) {
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
                + (st != null && st.ioRunning() ? "running" : "stopped") + ", SQL " + (st != null && st.sqlRunning() ? "running" : "stopped")
                + (st == null || st.lastError() == null ? "" : ", [" + st.lastErrno() + "] " + st.lastError()));
    }

    private static ReplicationStatus replicaStatus(Server s) {
        return s.replicaStatus();
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
        ReplicationStatus row = server.replicaStatus();
        boolean running = row != null && (row.ioRunning() || row.sqlRunning());
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
