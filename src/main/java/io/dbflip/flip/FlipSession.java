package io.dbflip.flip;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;
import io.dbflip.fence.Fence;
import io.dbflip.fence.FenceContext;
import io.dbflip.fence.Fences;
import io.dbflip.kill.KillContext;
import io.dbflip.kill.Killers;
import io.dbflip.kill.PerUserKill;
import io.dbflip.kill.SessionKiller;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every connection and strategy one flip needs, opened before the blackout: an admin connection
 * and a dedicated fence connection to each side, the fences, and the old master's killer.
 * Nothing inside the window opens a connection.
 */
public final class FlipSession implements AutoCloseable {
    /** What a bounded statement may take beyond its own bound before its connection is given up. */
    static final Duration READ_MARGIN = Duration.ofSeconds(3);
    /** The longest server-side wait the runner runs on an admin connection outside the catch-up (step 13). */
    static final int ADMIN_WAIT_SECONDS = 10;

    /** Opens a connection to a side as the given account. */
    public interface Opener {
        Server open(SideConfig side, Credentials as);
    }

    final ClusterConfig cluster;
    final SideConfig a;
    final SideConfig b;
    final Opener opener;
    Server aAdmin;
    Server bAdmin;
    Server aFenceConn;
    Server bFenceConn;
    final Fence fenceA;
    final Fence fenceB;
    final SessionKiller killA;
    private Set<Long> ownA = Set.of();

    FlipSession(ClusterConfig cluster, SideConfig a, SideConfig b, Opener opener) {
        this.cluster = cluster;
        this.a = a;
        this.b = b;
        this.opener = opener;
        this.fenceA = Fences.create(a.fence());
        this.fenceB = Fences.create(b.fence());
        this.killA = Killers.create(a.kill(), opener::open);
    }

    /** Open the admin connections (preflight needs them). */
    void openAdmin() {
        aAdmin = opener.open(a, a.admin());
        bAdmin = opener.open(b, b.admin());
    }

    /** Open and prepare everything the window uses. */
    void prepareWindow(int lockWaitSeconds) {
        aFenceConn = opener.open(a, a.admin());
        bFenceConn = opener.open(b, b.admin());
        for (Server s : List.of(aAdmin, aFenceConn)) {
            // a fence or flush stuck behind a long query must not stall the cluster
            s.execute(Sql.of("SET SESSION lock_wait_timeout = " + Math.max(1, lockWaitSeconds)));
        }
        // every statement from here on is bounded by the connection's read timeout, not only the ones
        // that carry their own: a side frozen inside the window (SIGSTOP, a hung host) fails the step
        // after the bound, and the runner's usual outcome follows (roll back before step 10, resume after)
        Duration fenceBound = Duration.ofSeconds(Math.max(1, lockWaitSeconds)).plus(READ_MARGIN);
        aFenceConn.readTimeout(fenceBound);
        bFenceConn.readTimeout(fenceBound);
        // the admin connections also carry step 13's 10 s replication wait (the catch-up widens the bound
        // for its one statement and puts this one back: BoundedWait, the same means with its own margin)
        Duration adminBound = Duration.ofSeconds(Math.max(Math.max(1, lockWaitSeconds), ADMIN_WAIT_SECONDS)).plus(READ_MARGIN);
        aAdmin.readTimeout(adminBound);
        bAdmin.readTimeout(adminBound);
        fenceA.prepare(fenceA());
        fenceB.prepare(fenceB());
        killA.prepare(new KillContext(cluster, a, aAdmin, Set.of()));
        ownA = ownIdsOnA();
    }

    FenceContext fenceA() {
        return new FenceContext(cluster, a, aFenceConn != null ? aFenceConn : aAdmin);
    }

    FenceContext fenceB() {
        return new FenceContext(cluster, b, bFenceConn != null ? bFenceConn : bAdmin);
    }

    KillContext killA() {
        return new KillContext(cluster, a, aAdmin, ownA);
    }

    /** The kill on A through its fence connection, so that it can run beside a step using A's admin connection; null without one. */
    KillContext killAThroughFenceConnection() {
        return aFenceConn == null ? null : new KillContext(cluster, a, aFenceConn, ownA);
    }

    Set<Long> ownIdsOnA() {
        Set<Long> own = new HashSet<>();
        for (Server s : new Server[]{aAdmin, aFenceConn}) {
            if (s != null) {
                own.add(s.connectionId());
            }
        }
        if (killA instanceof PerUserKill p) {
            own.addAll(p.ownIds());
        }
        return own;
    }

    /** Reconnect a side's admin connection after it was lost (rollback after a server restart). */
    Server reopen(SideConfig side) {
        if (side == a) {
            if (aAdmin != null) aAdmin.close();
            aAdmin = opener.open(a, a.admin());
            aFenceConn = null;
            return aAdmin;
        }
        if (bAdmin != null) bAdmin.close();
        bAdmin = opener.open(b, b.admin());
        bFenceConn = null;
        return bAdmin;
    }

    @Override
    public void close() {
        if (killA instanceof PerUserKill p) {
            p.closeAll();
        }
        for (Server s : new Server[]{aFenceConn, bFenceConn, aAdmin, bAdmin}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
