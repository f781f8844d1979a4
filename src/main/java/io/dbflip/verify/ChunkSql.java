package io.dbflip.verify;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of a chunked checksum, with no I/O: the row expression, the key-range conditions and
 * their parameters. Key ranges are written as pt-table-checksum writes them, expanded
 * ({@code a > ? OR (a = ? AND b > ?)}) rather than as row constructors, so every server version
 * uses the index's range access.
 */
final class ChunkSql {
    private ChunkSql() {
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    static String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /**
     * One row as a string: the columns joined by '#', then a string of ISNULL flags, because
     * CONCAT_WS skips NULLs and would make (NULL, 'x') and ('x', NULL) look alike.
     */
    static String rowExpression(List<String> columns) {
        String cols = columns.stream().map(ChunkSql::quote).collect(Collectors.joining(", "));
        String nulls = columns.stream().map(c -> "ISNULL(" + quote(c) + ")").collect(Collectors.joining(", "));
        return "CONCAT_WS('#', " + cols + ", CONCAT(" + nulls + "))";
    }

    /** Row count and XOR of the rows' CRC32 in the range; bounds are optional (first, last, whole). */
    static String checksum(String schema, String table, List<String> columns, List<String> key, boolean lower,
                           boolean upper) {
        List<String> where = new ArrayList<>();
        if (lower) {
            where.add("(" + after(key) + ")");
        }
        if (upper) {
            where.add("(" + upTo(key) + ")");
        }
        return "SELECT COUNT(*), COALESCE(BIT_XOR(CRC32(" + rowExpression(columns) + ")), 0) FROM "
                + table(schema, table) + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    }

    /** The key of the row {@code chunkSize} rows past the lower boundary: the chunk's upper boundary. */
    static String nextBoundary(String schema, String table, String index, List<String> key, boolean lower) {
        String cols = key.stream().map(ChunkSql::quote).collect(Collectors.joining(", "));
        return "SELECT " + cols + " FROM " + table(schema, table) + " FORCE INDEX (" + quote(index) + ")"
                + (lower ? " WHERE " + after(key) : "") + " ORDER BY " + cols + " LIMIT 1 OFFSET ?";
    }

    /** key > boundary: {@code k1 > ? OR (k1 = ? AND k2 > ?) OR ...}. */
    static String after(List<String> key) {
        return range(key, ">", ">");
    }

    /** key <= boundary: {@code k1 < ? OR (k1 = ? AND k2 < ?) OR ... OR (k1 = ? AND ... AND kn <= ?)}. */
    static String upTo(List<String> key) {
        return range(key, "<", "<=");
    }

    private static String range(List<String> key, String op, String lastOp) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(quote(key.get(j)) + " = ?");
            }
            parts.add(quote(key.get(i)) + " " + (i == key.size() - 1 ? lastOp : op) + " ?");
            terms.add(parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")");
        }
        return String.join(" OR ", terms);
    }

    /** The parameters of {@link #after} or {@link #upTo} for one boundary, in placeholder order. */
    static List<Object> rangeParams(Object[] boundary) {
        List<Object> p = new ArrayList<>();
        for (int i = 0; i < boundary.length; i++) {
            for (int j = 0; j <= i; j++) {
                p.add(boundary[j]);
            }
        }
        return p;
    }

    /** A boundary as the report prints it. */
    static String display(Object[] boundary) {
        if (boundary == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Object v : boundary) {
            parts.add(v == null ? "NULL" : v instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes) : v.toString());
        }
        return String.join(",", parts);
    }
}
