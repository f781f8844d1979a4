package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.mysql.Server;

import java.time.Duration;

/**
 * A server-side wait (MASTER_POS_WAIT and its GTID forms) bounded twice: by the server, and by the
 * connection a little past it. The server's bound holds only for a server that runs: a frozen or
 * unreachable one answers nothing, and the driver would wait its 60 s socket timeout with A fenced.
 * Past the connection's bound the driver closes the connection and the caller fails (and rolls back).
 *
 * <p>The same means as the window's bounds ({@link FlipSession#prepareWindow}): a connection's read
 * timeout ({@link Server#readTimeout(Duration)}) a margin past what the server itself waits. The window
 * bounds every statement on a connection for the whole window; this wait carries its own server-side
 * bound (limits.catch_up_timeout), which may be longer than the window's, so it widens the connection's
 * bound for this one statement and then puts the window's back.
 */
final class BoundedWait {
    /** How far past the server's own bound the connection waits for its answer. */
    static final long MARGIN_MILLIS = 2_000;

    private BoundedWait() {
    }

    /**
     * Runs {@code waitSql} (bounded by the server to {@code bound}) and returns its answer: null
     * when the server does not replicate, negative when the bound passed. {@code what} names the
     * server and the setting in the error when the connection's bound passes.
     */
    static String query(Server srv, String waitSql, Duration bound, String what) {
        Duration before = srv.readTimeout();
        readTimeout(srv, bound.plusMillis(MARGIN_MILLIS));
        String result;
        try {
            result = srv.queryString(waitSql);
        } catch (RuntimeException e) {
            throw DbflipException.failed(what + " within " + (bound.toMillis() + MARGIN_MILLIS) + " ms (limits.catch_up_timeout + "
                    + MARGIN_MILLIS + " ms): " + e.getMessage() + ": rolled back", e);
        }
        readTimeout(srv, before);
        return result;
    }

    private static void readTimeout(Server srv, Duration bound) {
        try {
            srv.readTimeout(bound);
        } catch (DbflipException e) {
            Throwable sql = e.getCause() != null ? e.getCause() : e;
            throw DbflipException.failed("cannot bound the catch-up wait on B: " + sql.getMessage(), sql);
        }
    }
}
