package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the sandbox's parallel work, with its DbflipExceptions passed through unchanged. */
final class Concurrency {
    private Concurrency() {
    }

    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DbflipException d) {
                throw d;
            }
            throw DbflipException.failed(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }
}
