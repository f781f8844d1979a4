package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.Failures;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Waiting for the sandbox's parallel work, with its DbflipExceptions passed through unchanged. */
final class Concurrency {
    private Concurrency() {
    }

    static <T> T join(Future<T> f) {
        return join(f, "a sandbox task");
    }

    /**
     * Runs {@code work} here while {@code others} run elsewhere; when it fails, waits for the others to end
     * (up to {@code bound}) before throwing, so that a caller cleaning up after the failure finds what they
     * started (a server starting in parallel) recorded, not starting after the clean-up.
     */
    static <T> T whileOthersRun(Supplier<T> work, Duration bound, Future<?>... others) {
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            long deadline = System.nanoTime() + bound.toNanos();
            for (Future<?> f : others) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | TimeoutException | CancellationException ignored) {
                    // its own failure is not the one to report; a timeout leaves it to the clean-up's pid files
                }
            }
            throw e;
        }
    }

    /**
     * @param doing what the task was doing ("starting onprem-a"), for the message of an exception dbflip
     *              did not expect: that message names the exception's class, and never reads "null"
     */
    static <T> T join(Future<T> f, String doing) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted while waiting for " + doing, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof DbflipException d) {
                throw d;
            }
            throw DbflipException.failed(doing + " failed: " + Failures.describe(cause), cause);
        }
    }
}
