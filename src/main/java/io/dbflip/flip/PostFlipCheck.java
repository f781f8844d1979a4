package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.fence.FenceCheck;
import io.dbflip.mysql.Catalog;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Step 13: A replicates from B (its threads start within 10 s), a row written on B reaches A, an
 * app user's write on B is accepted, and A's fence holds against the app's accounts.
 */
final class PostFlipCheck {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private PostFlipCheck() {
    }

    static String run(ClusterConfig cluster, FlipSession s, String flipId, boolean catchUpByGtid) {
        Server a = s.aAdmin;
        Server b = s.bAdmin;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ReplicationStatus row = a.replicaStatus();
        while (!Reads.running(row) && System.nanoTime() < deadline) {
            if (!Reads.lastError(row).isEmpty()) {
                break;
            }
            Steps.sleep(50);
            row = a.replicaStatus();
        }
        if (!Reads.running(row)) {
            throw DbflipException.failed(s.a.role() + " does not replicate from " + s.b.role() + ": "
                    + Reads.lastError(row) + " — B is the master; fix replication on A, then `dbflip resume " + cluster.name() + "`");
        }
        b.executeAll(Catalog.writeCheckRow(cluster.name(), flipId, s.b.role()));
        Reads.SourceState after = Reads.sourceState(b, catchUpByGtid && !b.flavor().mariadb());
        String backlog = awaitWrite(a, s.a.role(), s.b.role(), after);
        if (!flipId.equals(Catalog.checkRowFlipId(a, cluster.name()))) {
            throw DbflipException.failed("the check row written on " + s.b.role() + " is not on " + s.a.role());
        }
        String app = AppAccess.verifyWrite(s.b, s.opener);
        String fence = FenceCheck.verify(s.fenceA, s.a, s.opener::open);
        return s.a.role() + " replicates from " + s.b.role() + "; a write on " + s.b.role() + " reached " + s.a.role()
                + backlog + "; " + app + "; " + fence;
    }

    /** The longest the check waits for A while A's applier makes progress (a backlog of B's own transactions). */
    static final Duration CAP = Duration.ofMinutes(10);

    /**
     * Waits for the check's write on A, in slices of 10 s: a slice that ends with A's applier further on than it
     * began (A applying a backlog) starts another, up to {@link #CAP}; a slice with no progress fails. A managed
     * B (Aurora, RDS) writes its heartbeat with GTIDs of its own the whole time it replicates; by GTID
     * auto-position A fetches every one after the flip (its filter skips them, each recorded as an empty
     * transaction) before the check's write: days of heartbeats, or a loaded host (bench/fleet, MySQL, 16
     * clusters: 8 of 16 failed forward at 10 s, A's applier 10-13 s behind and running), outlast 10 s while
     * B takes writes and nothing is wrong. Returns "" or how long A took.
     */
    static String awaitWrite(Server a, String aRole, String bRole, Reads.SourceState after) {
        String sql = after.gtidSet() != null && !after.gtidSet().isBlank()
                ? a.dialect().waitForGtid(after.gtidSet(), BOUND)
                : a.dialect().waitForPosition(after.position(), BOUND);
        long start = System.nanoTime();
        String applied = appliedMark(a);
        while (true) {
            String waited = a.queryString(sql);
            if (waited != null && Long.parseLong(waited) >= 0) {
                long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                return s < BOUND.toSeconds() ? "" : " after " + s + " s (" + aRole + " applied a backlog of " + bRole
                        + "'s transactions first)";
            }
            String now = appliedMark(a);
            boolean progress = waited != null && !now.equals(applied);
            if (!progress || System.nanoTime() - start > CAP.toNanos()) {
                throw DbflipException.failed("a write on " + bRole + " did not reach " + aRole + " within "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s" + (progress ? "" : ", with no progress in the last "
                        + BOUND.toSeconds() + " s") + " (" + replicationNow(a, aRole) + ")");
            }
            applied = now;
        }
    }

    /** Where A's applier is: its executed GTID set and source position (changes as it applies). */
    private static String appliedMark(Server a) {
        ReplicationStatus r = a.replicaStatus();
        return r == null ? "" : r.executed() + " " + r.executedGtids();
    }


    /**
     * What A's replication says when the check's write has not arrived, so that the operator sees why (a receiver
     * still connecting waits SOURCE_CONNECT_RETRY, 60 s by default, between attempts; an applier behind; an error).
     */
    static String replicationNow(Server a, String role) {
        try {
            ReplicationStatus r = a.replicaStatus();
            if (r == null) {
                return role + " has no replication";
            }
            return role + "'s receiver " + (r.ioRunning() ? "running" : "stopped") + " (" + r.ioState() + "), applier "
                    + (r.sqlRunning() ? "running" : "stopped") + ", seconds behind " + r.secondsBehind()
                    + (r.errors() == null || r.errors().isEmpty() ? "" : ", " + r.errors());
        } catch (RuntimeException e) {
            return role + "'s replication status could not be read: " + e.getMessage();
        }
    }
}
