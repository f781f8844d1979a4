package io.dbflip.mysql;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Map;

/**
 * Classification of SQL errors by vendor error code (and SQLState / cause for the driver's own
 * errors), never by message text. Walks the cause chain, as the driver wraps socket errors.
 */
public final class SqlErrors {
    public enum Kind {
        ACCESS_DENIED, UNKNOWN_THREAD, LOCK_WAIT_TIMEOUT, DEADLOCK, READ_ONLY, CONNECTION_LOST, UNREACHABLE,
        TLS, QUERY_TIMEOUT, INTERRUPTED, TOO_MANY_CONNECTIONS, UNKNOWN_VARIABLE, NO_SUCH_TABLE, NO_SUCH_PROCEDURE,
        OTHER;

        /** Worth another try on a fresh connection (no change was half-made by the server). */
        public boolean transientError() {
            return this == CONNECTION_LOST || this == LOCK_WAIT_TIMEOUT || this == DEADLOCK
                    || this == TOO_MANY_CONNECTIONS;
        }
    }

    private static final Map<Integer, Kind> BY_CODE = Map.ofEntries(
            Map.entry(1044, Kind.ACCESS_DENIED),   // ER_DBACCESS_DENIED_ERROR
            Map.entry(1045, Kind.ACCESS_DENIED),   // ER_ACCESS_DENIED_ERROR (login)
            Map.entry(1142, Kind.ACCESS_DENIED),   // ER_TABLEACCESS_DENIED_ERROR
            Map.entry(1227, Kind.ACCESS_DENIED),   // ER_SPECIFIC_ACCESS_DENIED_ERROR (needs SUPER, ...)
            Map.entry(1370, Kind.ACCESS_DENIED),   // ER_PROCACCESS_DENIED_ERROR
            Map.entry(1094, Kind.UNKNOWN_THREAD),  // ER_NO_SUCH_THREAD
            Map.entry(1205, Kind.LOCK_WAIT_TIMEOUT),
            Map.entry(1213, Kind.DEADLOCK),
            Map.entry(1290, Kind.READ_ONLY),       // ER_OPTION_PREVENTS_STATEMENT (--read-only, --super-read-only)
            Map.entry(1836, Kind.READ_ONLY),       // ER_READ_ONLY_MODE
            Map.entry(1792, Kind.READ_ONLY),       // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
            Map.entry(2006, Kind.CONNECTION_LOST), // CR_SERVER_GONE_ERROR
            Map.entry(2013, Kind.CONNECTION_LOST), // CR_SERVER_LOST
            Map.entry(1053, Kind.CONNECTION_LOST), // ER_SERVER_SHUTDOWN
            Map.entry(1927, Kind.CONNECTION_LOST), // MariaDB ER_CONNECTION_KILLED
            Map.entry(4031, Kind.CONNECTION_LOST), // MySQL ER_CLIENT_INTERACTION_TIMEOUT / disconnected
            Map.entry(1317, Kind.INTERRUPTED),     // ER_QUERY_INTERRUPTED
            Map.entry(3024, Kind.QUERY_TIMEOUT),   // MySQL max_execution_time
            Map.entry(1969, Kind.QUERY_TIMEOUT),   // MariaDB max_statement_time
            Map.entry(1040, Kind.TOO_MANY_CONNECTIONS),
            Map.entry(1203, Kind.TOO_MANY_CONNECTIONS), // ER_TOO_MANY_USER_CONNECTIONS
            Map.entry(1193, Kind.UNKNOWN_VARIABLE),
            Map.entry(1146, Kind.NO_SUCH_TABLE),
            Map.entry(1305, Kind.NO_SUCH_PROCEDURE));

    private SqlErrors() {
    }

    public static Kind classify(Throwable t) {
        Kind fromSocket = null;
        Kind state = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException e) {
                Kind k = BY_CODE.get(e.getErrorCode());
                if (k != null) {
                    return k;
                }
                if (e instanceof SQLTimeoutException) {
                    return Kind.QUERY_TIMEOUT;
                }
                // SQLState class 08: connection exception (the driver's own, code 0)
                if (state == null && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                    state = Kind.CONNECTION_LOST;
                }
            }
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException
                    || c instanceof java.security.cert.CertPathValidatorException) {
                return Kind.TLS;
            }
            if (fromSocket == null && (c instanceof ConnectException || c instanceof NoRouteToHostException
                    || c instanceof UnknownHostException)) {
                fromSocket = Kind.UNREACHABLE;
            }
            if (fromSocket == null && c instanceof SocketTimeoutException) {
                fromSocket = Kind.CONNECTION_LOST;
            }
        }
        if (fromSocket != null) {
            return fromSocket;
        }
        return state != null ? state : Kind.OTHER;
    }

    public static int vendorCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException e && e.getErrorCode() != 0) {
                return e.getErrorCode();
            }
        }
        return 0;
    }

    public static boolean is(Throwable t, Kind kind) {
        return classify(t) == kind;
    }
}
