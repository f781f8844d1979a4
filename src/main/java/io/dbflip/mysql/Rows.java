package io.dbflip.mysql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result set read into rows of column label to value: the one loop over JDBC rows, used by {@link Server}
 * and by the callers that hold a bare connection (the object dumper, the sandbox).
 */
public final class Rows {
    /** How one column is read: {@code ResultSet::getObject} keeps the driver's type, {@code ResultSet::getString} the text. */
    @FunctionalInterface
    public interface Column<V> {
        V read(ResultSet rs, int index) throws SQLException;
    }

    private Rows() {
    }

    /** Every remaining row, in order. */
    public static <V> List<Map<String, V>> all(ResultSet rs, Column<V> column) throws SQLException {
        List<Map<String, V>> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(current(rs, column));
        }
        return rows;
    }

    /** The row the result set stands on, its columns in order. */
    public static <V> Map<String, V> current(ResultSet rs, Column<V> column) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, V> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), column.read(rs, i));
        }
        return row;
    }
}
