package io.dbflip.verify;

import io.dbflip.DbflipException;
import io.dbflip.progress.Progress;
import io.dbflip.progress.ProgressOutput;
import io.dbflip.progress.Unit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Compares every table of the non-system schemas on two servers, chunk by chunk, as
 * pt-table-checksum does: side A's key is walked {@code chunkSize} rows at a time, and for each
 * key range both sides count the rows and XOR their CRC32s. Each query is a plain SELECT in
 * autocommit (its own consistent snapshot), so no table is ever locked whole.
 * <p>
 * The caller must make sure the sides are in sync first: writes stopped or fenced, and the
 * replica caught up (MASTER_POS_WAIT / MASTER_GTID_WAIT on the position read from the source);
 * otherwise rows changing between the two sides' queries show up as differences.
 */
public final class TableChecksum {
    /** Never compared: the server's own schemas, which differ between any two servers. */
    public static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "sys", "information_schema", "performance_schema");

    /**
     * @param chunkSize   rows per chunk (default 1000)
     * @param skipSchemas schemas to skip besides {@link #SYSTEM_SCHEMAS}
     * @param onlySchemas when not empty, compare these schemas only
     */
    public record Options(int chunkSize, Set<String> skipSchemas, Set<String> onlySchemas) {
        public Options {
            if (chunkSize < 1) {
                throw DbflipException.usage("chunk size: must be at least 1 row, was " + chunkSize);
            }
            skipSchemas = Set.copyOf(skipSchemas);
            onlySchemas = Set.copyOf(onlySchemas);
        }

        public static Options defaults() {
            return new Options(1000, Set.of(), Set.of());
        }

        public Options withChunkSize(int rows) {
            return new Options(rows, skipSchemas, onlySchemas);
        }

        public Options onlySchemas(String... schemas) {
            return new Options(chunkSize, skipSchemas, Set.of(schemas));
        }

        boolean compares(String schema) {
            String s = schema.toLowerCase();
            return !SYSTEM_SCHEMAS.contains(s) && !skipSchemas.contains(schema)
                    && (onlySchemas.isEmpty() || onlySchemas.contains(schema));
        }
    }

    private final Side a;
    private final Side b;
    private final Options options;

    public TableChecksum(String nameA, Connection a, String nameB, Connection b, Options options) {
        this.a = new Side(nameA, a);
        this.b = new Side(nameB, b);
        this.options = options;
    }

    private ProgressOutput progress = ProgressOutput.QUIET;
    private Progress bar = Progress.NONE;
    private int tablesDone;
    private long chunksDone;

    /** Where the run draws its progress: tables done of all, with the chunks so far and the table at hand. */
    public TableChecksum progress(ProgressOutput out) {
        this.progress = out;
        return this;
    }

    public ChecksumReport run() {
        try (Progress p = progress.start("verify " + a.name + " vs " + b.name, 0, Unit.of("tables"))) {
            bar = p;
            return compare();
        } finally {
            bar = Progress.NONE;
        }
    }

    private ChecksumReport compare() {
        long t0 = System.nanoTime();
        Map<String, Boolean> tablesA = baseTables(a);
        Map<String, Boolean> tablesB = baseTables(b);
        List<Difference> diffs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> all = new TreeSet<>(tablesA.keySet());
        all.addAll(tablesB.keySet());
        bar.total(all.size());
        int tables = 0;
        long chunks = 0;
        long rows = 0;
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dbflip-checksum-" + b.name);
            t.setDaemon(true);
            return t;
        });
        try {
            for (String qualified : all) {
                String[] st = qualified.split("\\.", 2);
                if (!tablesB.containsKey(qualified) || !tablesA.containsKey(qualified)) {
                    diffs.add(new Difference(st[0], st[1], tablesB.containsKey(qualified)
                            ? Difference.Kind.MISSING_ON_A : Difference.Kind.MISSING_ON_B, "", "", -1, -1, null));
                    bar.update(++tablesDone);
                    continue;
                }
                TableResult r = new TableWalk(st[0], st[1], pool).run();
                tables++;
                bar.update(++tablesDone, chunksDone + " chunks");
                chunks += r.chunks;
                rows += r.rows;
                diffs.addAll(r.differences);
                warnings.addAll(r.warnings);
            }
        } finally {
            pool.shutdownNow();
        }
        return new ChecksumReport(a.name, b.name, tables, chunks, rows, diffs, warnings,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** schema.table of every base table to compare. */
    private Map<String, Boolean> baseTables(Side s) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Object[] row : s.rows("SELECT table_schema, table_name FROM information_schema.tables"
                + " WHERE table_type = 'BASE TABLE' ORDER BY table_schema, table_name", List.of())) {
            if (options.compares((String) row[0])) {
                out.put(row[0] + "." + row[1], true);
            }
        }
        return out;
    }

    private record TableResult(long chunks, long rows, List<Difference> differences, List<String> warnings) {
    }

    /** One table: its columns, its key, then its chunks in key order. */
    private final class TableWalk {
        private final String schema;
        private final String table;
        private final ExecutorService pool;

        TableWalk(String schema, String table, ExecutorService pool) {
            this.schema = schema;
            this.table = table;
            this.pool = pool;
        }

        TableResult run() {
            List<Column> columnsA = columns(a);
            List<Column> columnsB = columns(b);
            if (!columnsA.equals(columnsB)) {
                return new TableResult(0, 0, List.of(new Difference(schema, table, Difference.Kind.COLUMNS_DIFFER, "", "",
                        -1, -1, a.name + " " + columnsA + ", " + b.name + " " + columnsB)), List.of());
            }
            List<String> names = columnsA.stream().map(Column::name).toList();
            Key key = key();
            if (key == null) {
                String sql = ChunkSql.checksum(schema, table, names, List.of(), false, false);
                long[] ra = a.checksum(sql, List.of());
                long[] rb = b.checksum(sql, List.of());
                List<Difference> d = ra[0] == rb[0] && ra[1] == rb[1] ? List.of()
                        : List.of(new Difference(schema, table, Difference.Kind.CHUNK_DIFFERS, "", "", ra[0], rb[0],
                        "whole table"));
                return new TableResult(1, ra[0], d, List.of(ChunkSql.table(schema, table)
                        + " has no primary key or unique NOT NULL key: checksummed whole, in one query"));
            }
            List<Difference> diffs = new ArrayList<>();
            long chunks = 0;
            long rows = 0;
            Object[] lower = null;
            while (true) {
                List<Object> p = new ArrayList<>(lower == null ? List.of() : ChunkSql.rangeParams(lower));
                p.add(options.chunkSize() - 1);
                List<Object[]> next = a.rows(ChunkSql.nextBoundary(schema, table, key.index, key.columns, lower != null), p);
                Object[] upper = next.isEmpty() ? null : next.get(0);
                String sql = ChunkSql.checksum(schema, table, names, key.columns, lower != null, upper != null);
                List<Object> params = new ArrayList<>();
                if (lower != null) {
                    params.addAll(ChunkSql.rangeParams(lower));
                }
                if (upper != null) {
                    params.addAll(ChunkSql.rangeParams(upper));
                }
                CompletableFuture<long[]> onB = CompletableFuture.supplyAsync(() -> b.checksum(sql, params), pool);
                long[] ra = a.checksum(sql, params);
                long[] rb = join(onB);
                chunks++;
                bar.update(tablesDone, ++chunksDone + " chunks, at " + schema + "." + table);
                rows += ra[0];
                if (ra[0] != rb[0] || ra[1] != rb[1]) {
                    diffs.add(new Difference(schema, table, Difference.Kind.CHUNK_DIFFERS, ChunkSql.display(lower),
                            ChunkSql.display(upper), ra[0], rb[0], null));
                }
                if (upper == null) {
                    return new TableResult(chunks, rows, diffs, List.of());
                }
                lower = upper;
            }
        }

        private List<Column> columns(Side s) {
            List<Column> out = new ArrayList<>();
            for (Object[] r : s.rows("SELECT column_name, column_type FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position", List.of(schema, table))) {
                out.add(new Column((String) r[0], String.valueOf(r[1])));
            }
            return out;
        }

        /** The primary key, else the first unique key whose columns are all NOT NULL, else null. */
        private Key key() {
            Map<String, List<String>> unique = new LinkedHashMap<>();
            Set<String> nullable = new TreeSet<>();
            for (Object[] r : a.rows("SELECT s.index_name, s.column_name, c.is_nullable FROM information_schema.statistics s"
                    + " JOIN information_schema.columns c ON c.table_schema = s.table_schema AND c.table_name = s.table_name"
                    + " AND c.column_name = s.column_name WHERE s.table_schema = ? AND s.table_name = ? AND s.non_unique = 0"
                    + " ORDER BY s.index_name <> 'PRIMARY', s.index_name, s.seq_in_index", List.of(schema, table))) {
                unique.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]);
                if ("YES".equals(r[2])) {
                    nullable.add((String) r[0]);
                }
            }
            for (Map.Entry<String, List<String>> e : unique.entrySet()) {
                if (!nullable.contains(e.getKey())) {
                    return new Key(e.getKey(), e.getValue());
                }
            }
            return null;
        }
    }

    private record Key(String index, List<String> columns) {
    }

    private record Column(String name, String type) {
        @Override
        public String toString() {
            return name + " " + type;
        }
    }

    private static long[] join(CompletableFuture<long[]> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** One server: its name (for messages) and the connection the caller gave. */
    private record Side(String name, Connection connection) {
        List<Object[]> rows(String sql, List<Object> params) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    List<Object[]> out = new ArrayList<>();
                    while (rs.next()) {
                        Object[] row = new Object[n];
                        for (int i = 0; i < n; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        out.add(row);
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw DbflipException.failed("verify on " + name + ": [" + e.getErrorCode() + "] " + e.getMessage()
                        + " in: " + sql, e);
            }
        }

        long[] checksum(String sql, List<Object> params) {
            Object[] r = rows(sql, params).get(0);
            return new long[]{((Number) r[0]).longValue(), ((Number) r[1]).longValue()};
        }
    }
}
