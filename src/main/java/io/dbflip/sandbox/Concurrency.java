package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.Failures;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the sandbox's parallel work, with its DbflipExceptions passed through unchanged. */
final class Concurrency {
    private Concurrency() {
    }

    static <T> T join(Future<T> f) {
        return join(f, "a sandbox task");
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
