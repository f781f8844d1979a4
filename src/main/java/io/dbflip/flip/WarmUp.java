package io.dbflip.flip;

import io.dbflip.kill.ProcessList;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs, read-only, the code the window will run, on the window's own connections — harmless twins
 * of steps 4, 6, 7 and 8: the process list the kill reads, A's binlog status row (with its GTID
 * set), B's wait for a position or GTID set it already holds, B's binlog position and replica row —
 * so a fresh JVM's first flip loads, links and warms that code before the fence, not inside the
 * blackout (issue 13). Three rounds: the first loads, the later ones take the paths a second call
 * takes (cached metadata, pooled buffers).
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run(FlipSession s, boolean catchUpByGtid) {
        // the fence's thread, started now rather than inside the window
        CompletableFuture.runAsync(() -> { }, Steps.FENCE_THREAD).join();
        for (int i = 0; i < 3; i++) {
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
    }
}
