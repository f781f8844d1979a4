package io.dbflip.mysql;

import io.dbflip.DbflipException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
            throw error(sql.display(), e);
        }
    }

    public void executeAll(List<Sql> statements) {
        for (Sql s : statements) {
            execute(s);
        }
    }

    /** Rows as ordered column-name maps (column labels as the server returns them). */
    public List<Map<String, Object>> query(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
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
                + e.getMessage(), e);
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
