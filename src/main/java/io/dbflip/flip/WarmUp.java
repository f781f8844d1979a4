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
        // step 9's path: each zone's no-op update (its prerequisites only), signed and sent as the real one
        dns.warm();
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
        if (!"false".equals(System.getProperty("dbflip.warmup.quiesce"))) {
            quiesce(QUIESCE_BOUND_MS);
        }
    }

    /** The longest the warm-up waits for the JIT compiler to fall idle. */
    static final long QUIESCE_BOUND_MS = 300;

    /**
     * Waits (at most {@code boundMs}) until the JIT compiler threads have compiled nothing for 15 ms. The
     * warm-up queues hundreds of methods for compilation; compiled in the background, they would compete
     * with the window's thread for this machine's cores inside the blackout. Returns the milliseconds
     * waited. {@code -Ddbflip.warmup.quiesce=false} (through DBFLIP_JAVA_OPTS) turns it off, for benchmarks.
     */
    static long quiesce(long boundMs) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long deadline = start + boundMs * 1_000_000;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
