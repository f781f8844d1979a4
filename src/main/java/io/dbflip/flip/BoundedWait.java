package io.dbflip.flip;

import io.dbflip.DbflipException;
import io.dbflip.mysql.Server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A server-side wait (MASTER_POS_WAIT and its GTID forms) bounded twice: by the server, and by the
 * connection a little past it. The server's bound holds only for a server that runs: a frozen or
 * unreachable one answers nothing, and the driver would wait its 60 s socket timeout with A fenced.
 * Past the connection's bound the driver closes the connection and the caller fails (and rolls back).
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
        Connection c = srv.connection();
        int before = networkTimeout(c);
        setNetworkTimeout(c, (int) (bound.toMillis() + MARGIN_MILLIS));
        String result;
        try {
            result = srv.queryString(waitSql);
        } catch (RuntimeException e) {
            throw DbflipException.failed(what + " within " + (bound.toMillis() + MARGIN_MILLIS) + " ms (limits.catch_up_timeout + "
                    + MARGIN_MILLIS + " ms): " + e.getMessage() + ": rolled back", e);
        }
        setNetworkTimeout(c, before);
        return result;
    }

    private static int networkTimeout(Connection c) {
        try {
            return c.getNetworkTimeout();
        } catch (SQLException e) {
            return 0;
        }
    }

    private static void setNetworkTimeout(Connection c, int millis) {
        try {
            c.setNetworkTimeout(Runnable::run, millis);
        } catch (SQLException e) {
            throw DbflipException.failed("cannot bound the catch-up wait on B: " + e.getMessage(), e);
        }
    }
}
