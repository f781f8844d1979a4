package io.dbflip.mysql;

import io.dbflip.DbflipException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One open connection to one server, with the dialect of its flavor. Everything dbflip runs on a
 * server goes through {@link #execute(Sql)} or {@link #query(String)}, so errors carry the
 * server's name and never a password.
 */
public class Server implements AutoCloseable {
    private final String name;
    private final String address;
    private final Connection connection;
    private final Dialect dialect;

    public Server(String name, String address, Connection connection, Dialect dialect) {
        this.name = name;
        this.address = address;
        this.connection = connection;
        this.dialect = dialect;
    }

    public String name() { return name; }
    public String address() { return address; }
    public Dialect dialect() { return dialect; }
    public Flavor flavor() { return dialect.flavor(); }
    public Connection connection() { return connection; }

    public void execute(Sql sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql.text());
        } catch (SQLException e) {
            throw error(sql, e);
        }
    }

    /** As {@link #execute(Sql)}, bounded: the driver cancels the statement past the timeout (whole seconds). */
    public void execute(Sql sql, Duration timeout) {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(seconds(timeout));
            s.execute(sql.text());
        } catch (SQLException e) {
            throw error(sql, e);
        }
    }

    /**
     * The first column of the first row as a number, the statement bounded by {@code timeout}
     * (a wait function's result: null when the server returns NULL or no row).
     */
    public Long queryLong(String sql, Duration timeout) {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(seconds(timeout));
            try (ResultSet rs = s.executeQuery(sql)) {
                if (!rs.next()) {
                    return null;
                }
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        } catch (SQLException e) {
            throw error(sql, e);
        }
    }

    /** A global server variable's value, or null when this server has no such variable. */
    public String variable(String name) {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@GLOBAL." + Quote.variable(name))) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1193) {
                return null;
            }
            throw error("SELECT @@GLOBAL." + name, e);
        }
    }

    /** The binary log position (SHOW MASTER STATUS or the flavor's word for it), or null when binlogging is off. */
    public BinlogPosition binlogPosition() {
        BinlogStatus st = binlogStatus();
        return st == null ? null : st.position();
    }

    /** The binary log status row, or null when binlogging is off. */
    public BinlogStatus binlogStatus() {
        List<Map<String, Object>> rows = query(dialect.binlogStatusQuery());
        return rows.isEmpty() ? null : BinlogStatus.parse(rows.get(0));
    }

    /** SHOW REPLICA STATUS (or the flavor's word for it), or null when the server replicates from nothing. */
    public ReplicationStatus replicaStatus() {
        List<Map<String, Object>> rows = query(dialect.replicaStatusQuery());
        return rows.isEmpty() ? null : ReplicaStatusParser.parse(rows.get(0));
    }

    /** This session's id on the server (CONNECTION_ID()), so kills can spare it. */
    public long connectionId() {
        Long id = queryLong("SELECT CONNECTION_ID()", Duration.ofSeconds(10));
        return id == null ? -1 : id;
    }

    /** The bound {@link #readTimeout(Duration)} set on reads; zero when none (or when the driver cannot say). */
    public Duration readTimeout() {
        try {
            return Duration.ofMillis(connection.getNetworkTimeout());
        } catch (SQLException e) {
            return Duration.ZERO;
        }
    }

    /**
     * Bounds every later read on this connection (the socket timeout): past it the driver gives up
     * and closes the connection, so a frozen server fails the statement instead of stalling it.
     */
    public void readTimeout(Duration bound) {
        try {
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, bound.toMillis()));
        } catch (SQLException e) {
            throw error("bound reads on " + name + " to " + bound.toMillis() + " ms", e);
        }
    }

    /** True when the connection still answers within the bound. */
    public boolean alive(Duration timeout) {
        try {
            return connection.isValid(seconds(timeout));
        } catch (SQLException e) {
            return false;
        }
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** An error about a statement that may carry a secret: the server's message is scrubbed of it. */
    public DbflipException error(Sql sql, SQLException e) {
        return DbflipException.failed(name + " (" + address + "): " + sql.display() + " failed: [" + e.getErrorCode()
                + "] " + sql.scrub(e.getMessage()) + hint(e),
                // the driver's exception echoes the statement: keep its codes, not its text
                sql.hasSecret() ? new SQLException(sql.scrub(e.getMessage()), e.getSQLState(), e.getErrorCode()) : e);
    }

    public void executeAll(List<Sql> statements) {
        for (Sql s : statements) {
            execute(s);
        }
    }

    /** Rows as ordered column-name maps (column labels as the server returns them). */
    public List<Map<String, Object>> query(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return Rows.all(rs, ResultSet::getObject);
        } catch (SQLException e) {
            throw error(sql, e);
        }
    }

    /** The first column of the first row, as a string, or null. */
    public String queryString(String sql) {
        List<Map<String, Object>> rows = query(sql);
        if (rows.isEmpty()) {
            return null;
        }
        Object v = rows.get(0).values().iterator().next();
        return v == null ? null : v.toString();
    }

    public DbflipException error(String what, SQLException e) {
        return DbflipException.failed(name + " (" + address + "): " + what + " failed: [" + e.getErrorCode() + "] "
                + e.getMessage() + hint(e), e);
    }

    private static String hint(SQLException e) {
        return switch (SqlErrors.classify(e)) {
            case ACCESS_DENIED -> " (the account lacks a privilege this step needs)";
            case READ_ONLY -> " (the server is read-only)";
            case CONNECTION_LOST -> " (the connection was lost)";
            case QUERY_TIMEOUT -> " (timed out)";
            default -> "";
        };
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing to undo
        }
    }

    @Override
    public String toString() {
        return name + " (" + address + ", " + dialect.flavor().configName() + ")";
    }
}
