package io.dbflip.mysql;

import java.util.List;
import java.util.Map;

/**
 * The reads of a server's catalog and binlogs the flip needs, alike on every flavor: its
 * non-transactional tables, its user events, its binlog files and the events in one. Only reads.
 */
public final class Catalog {
    private static final String SYSTEM_SCHEMAS = "('mysql', 'sys', 'information_schema', 'performance_schema')";

    private Catalog() {
    }

    /** A user event: schema, name and definer (null when the server does not say). */
    public record Event(String schema, String name, String definer) {
        @Override
        public String toString() {
            return schema + "." + name;
        }
    }

    /** A table of a non-transactional engine outside the system schemas (FLUSH TABLES matters only then). */
    public static boolean hasNonTransactionalTables(Server s) {
        return !s.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
                + " AND ENGINE IN ('MyISAM', 'Aria', 'MEMORY', 'CSV', 'MRG_MyISAM') AND TABLE_SCHEMA NOT IN"
                + " ('mysql', 'information_schema', 'performance_schema', 'sys') LIMIT 1").isEmpty();
    }

    /**
     * Up to 50 base tables outside the system schemas, each as `schema`.`table`: where an app user's zero-row
     * write is tried (the fence's check expects it refused, step 13's expects it accepted).
     */
    public static List<String> userTables(Server s) {
        List<String> out = new java.util.ArrayList<>();
        for (Map<String, Object> t : s.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS + " LIMIT 50")) {
            out.add(Quote.identifier(String.valueOf(t.get("s"))) + "." + Quote.identifier(String.valueOf(t.get("t"))));
        }
        return out;
    }

    /** The user events whose STATUS is one of {@code states}. */
    public static List<Event> events(Server s, List<String> states) {
        List<Map<String, Object>> rows = s.query("SELECT EVENT_SCHEMA AS s, EVENT_NAME AS n, DEFINER AS d FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA NOT IN " + SYSTEM_SCHEMAS + " AND STATUS IN ("
                + String.join(", ", states.stream().map(x -> "'" + x.replace("'", "") + "'").toList()) + ")");
        return rows.stream().map(r -> new Event(String.valueOf(r.get("s")), String.valueOf(r.get("n")),
                r.get("d") == null ? null : String.valueOf(r.get("d")))).toList();
    }

    /** The server's binlog files, oldest first. */
    public static List<String> binlogFiles(Server s) {
        return s.query("SHOW BINARY LOGS").stream().map(r -> String.valueOf(r.get("Log_name"))).toList();
    }

    /**
     * The end position of the last event in {@code file} written by {@code serverId} (events keep
     * their origin's server_id), or -1 when there is none.
     */
    public static long lastEventEndFrom(Server s, String file, long serverId) {
        long end = -1;
        for (Map<String, Object> r : s.query("SHOW BINLOG EVENTS IN '" + file.replace("'", "") + "'")) {
            if (((Number) r.get("Server_id")).longValue() == serverId) {
                end = ((Number) r.get("End_log_pos")).longValue();
            }
        }
        return end;
    }

    /** The row the post-flip check writes on the new master and reads on the old: one per cluster. */
    public static List<Sql> writeCheckRow(String cluster, String flipId, String master) {
        return List.of(Sql.of("CREATE DATABASE IF NOT EXISTS dbflip"),
                Sql.of("CREATE TABLE IF NOT EXISTS dbflip.flip_check (cluster VARCHAR(128) PRIMARY KEY, "
                        + "flip_id VARCHAR(64) NOT NULL, master VARCHAR(64) NOT NULL, at DATETIME(6) NOT NULL)"),
                Sql.of("REPLACE INTO dbflip.flip_check VALUES (" + Quote.string(cluster) + ", " + Quote.string(flipId)
                        + ", " + Quote.string(master) + ", NOW(6))"));
    }

    /** The flip id in the check row of {@code cluster}, or null. */
    public static String checkRowFlipId(Server s, String cluster) {
        return s.queryString("SELECT flip_id FROM dbflip.flip_check WHERE cluster = " + Quote.string(cluster));
    }
}
