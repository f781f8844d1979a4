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
        String waited = a.queryString(after.gtidSet() != null && !after.gtidSet().isBlank()
                ? a.dialect().waitForGtid(after.gtidSet(), BOUND)
                : a.dialect().waitForPosition(after.position(), BOUND));
        if (waited == null || Long.parseLong(waited) < 0) {
            throw DbflipException.failed("a write on " + s.b.role() + " did not reach " + s.a.role() + " within 10 s ("
                    + replicationNow(a, s.a.role()) + ")");
        }
        if (!flipId.equals(Catalog.checkRowFlipId(a, cluster.name()))) {
            throw DbflipException.failed("the check row written on " + s.b.role() + " is not on " + s.a.role());
        }
        String app = AppAccess.verifyWrite(s.b, s.opener);
        String fence = FenceCheck.verify(s.fenceA, s.a, s.opener::open);
        return s.a.role() + " replicates from " + s.b.role() + "; a write on " + s.b.role() + " reached " + s.a.role()
                + "; " + app + "; " + fence;
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
