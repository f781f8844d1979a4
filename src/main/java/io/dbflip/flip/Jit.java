package io.dbflip.flip;

/**
 * The JIT compiler's background work, waited out before a write blackout: a warm-up (the flip's own, and
 * the supervisor's in its own process on the same cores) queues hundreds of methods for compilation.
 */
public final class Jit {
    private Jit() {
    }

    /** The longest a warm-up waits for the JIT compiler to fall idle. */
    private static final long QUIESCE_BOUND_MS = 300;

    /**
     * {@link #quiesce(long)} for at most {@value #QUIESCE_BOUND_MS} ms, unless {@code -Ddbflip.warmup.quiesce=false}
     * (through DBFLIP_JAVA_OPTS: for benchmarks). Returns the milliseconds waited.
     */
    public static long quiesce() {
        return "false".equals(System.getProperty("dbflip.warmup.quiesce")) ? 0 : quiesce(QUIESCE_BOUND_MS);
    }

    /**
     * Waits (at most {@code boundMs}) until the JIT compiler threads have compiled nothing for 15 ms. The
     * warm-up queues hundreds of methods for compilation; compiled in the background, they would compete
     * with the window's thread for this machine's cores inside the blackout. Returns the milliseconds waited.
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
