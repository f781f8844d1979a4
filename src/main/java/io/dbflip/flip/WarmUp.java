package io.dbflip.flip;

import io.dbflip.kill.ProcessList;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs, changing nothing, the code the window will run, on the window's own connections and threads —
 * harmless twins of steps 3 to 10: a statement that does nothing through the fence's thread and the
 * statement path of the fence and unfence (DO 0), each DNS zone's update with only its prerequisites
 * (signed, sent and checked as the real one), the process list the kill reads, A's binlog status row
 * (with its GTID set), B's wait for a position or GTID set it already holds, B's binlog position and
 * replica row — so a fresh JVM's first flip loads, links and warms that code before the fence, not
 * inside the blackout (issue 13).
 */
final class WarmUp {
    /**
     * Rounds of the read-only twins. The first loads and links the code; later ones give the JIT
     * invocations to compile the driver's hottest paths.
     */
    static final int ROUNDS = 3;
    private static final io.dbflip.mysql.Sql DO_NOTHING = io.dbflip.mysql.Sql.of("DO 0");

    private WarmUp() {
    }

    static void run(FlipSession s, boolean catchUpByGtid, DnsPlan dns) {
        // the fence's thread, started now rather than inside the window, and the statement path the
        // fence (step 3) and the unfence (step 10) take, with a statement that changes nothing
        CompletableFuture.runAsync(() -> s.aAdmin.execute(DO_NOTHING), Steps.FENCE_THREAD).join();
        // step 9's path: each zone's no-op update (its prerequisites only), signed and sent as the real one,
        // on the thread that sends the real one (the fence's, beside steps 4-8, when the plan sends ahead)
        if (Steps.sendsAhead(dns)) {
            CompletableFuture.supplyAsync(() -> {
                dns.warm();
                return 0L;
            }, Steps.FENCE_THREAD).join();
        } else {
            dns.warm();
        }
        // step 4's server-side path (rds_kill's procedure into the admin session's cache), ending nothing
        s.killA.warm(s.killA());
        for (int i = 0; i < ROUNDS; i++) {
            s.bAdmin.execute(DO_NOTHING);
            ProcessList.clients(ProcessList.read(s.aAdmin), Set.of());
            Reads.SourceState a = Reads.sourceState(s.aAdmin, catchUpByGtid);
            Reads.SourceState b = Reads.sourceState(s.bAdmin, catchUpByGtid && !s.bAdmin.flavor().mariadb());
            String twin = catchUpByGtid && b.gtidSet() != null && !b.gtidSet().isBlank()
                    ? s.bAdmin.dialect().waitForGtid(b.gtidSet(), Duration.ofMillis(1))
                    : s.bAdmin.dialect().waitForPosition(a.position(), Duration.ofMillis(1));
            s.bAdmin.queryString(twin);
            Reads.binlogPosition(s.bAdmin);
            Reads.lastError(s.bAdmin.replicaStatus());
        }
        Jit.quiesce();
        if ("true".equals(System.getProperty("dbflip.warmup.gc"))) {
            // a collection now, outside the blackout, leaves the young generation empty: the window allocates a
            // few kilobytes per step, so no collection pauses it (a cold process's start-up fills the young
            // generation several times over, and one of its pauses could otherwise fall inside the window).
            // The launcher asks for it for a one-process flip, whose heap is small; in a long-lived JVM (serve,
            // the demo, the tests) a full collection of a large heap would cost more than it saves
            collectOnce();
        }
    }

    private static long lastCollectionNanos;

    /** One collection for the flips that warm up together (a fleet's prepare warms up many at once). */
    private static synchronized void collectOnce() {
        long now = System.nanoTime();
        if (lastCollectionNanos != 0 && now - lastCollectionNanos < 1_000_000_000L) {
            return;
        }
        System.gc();
        lastCollectionNanos = System.nanoTime();
    }

}
