package io.dbflip.mysql;

import io.dbflip.DbflipException;
import io.dbflip.config.SideConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a server's state into a {@link ServerState}. Read only: nothing here changes a server.
 * A part that cannot be read (a privilege the account lacks) is named in {@code problems}
 * rather than failing the whole inspection.
 */
public final class Inspector {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private Inspector() {
    }

    /** Connect as the side's admin and inspect; an unreachable server gives a state, not an exception. */
    public static ServerState inspect(Connector connector, SideConfig side) {
        Server server;
        try {
            server = connector.connect(side);
        } catch (DbflipException e) {
            return ServerState.unreachable(side.role(), side.address(), e.getMessage());
        }
        try (server) {
            return inspect(server);
        }
    }

    public static ServerState inspect(Server s) {
        Dialect d = s.dialect();
        List<String> problems = new ArrayList<>();
        Map<String, Object> basics = s.query("SELECT @@version AS version, @@server_id AS server_id,"
                + " @@read_only AS read_only, @@log_bin AS log_bin, @@binlog_format AS binlog_format").get(0);
        Boolean superReadOnly = null;
        if (d.hasSuperReadOnly()) {
            superReadOnly = on(s.variable("super_read_only"));
        }
        boolean logBin = on(str(basics.get("log_bin")));
        BinlogPosition position = null;
        if (logBin) {
            position = read(problems, "binary log position (" + d.binlogStatusQuery() + ")", s::binlogPosition);
        }
        GtidState gtid = read(problems, "GTID state", () -> gtid(s.query(d.gtidStateQuery()).get(0)));
        ReplicationStatus replication = read(problems, "replication status (" + d.replicaStatusQuery() + ")", s::replicaStatus);
        List<ProcessInfo> processes = read(problems, "process list", () -> processList(s));
        Grants grants = read(problems, "grants (SHOW GRANTS)", () -> new Grants(s.queryString("SELECT CURRENT_USER()"),
                s.query("SHOW GRANTS").stream().map(r -> str(r.values().iterator().next())).toList()));
        return new ServerState(s.name(), s.address(), true, null, s.flavor(), str(basics.get("version")),
                Long.parseLong(str(basics.get("server_id"))), on(str(basics.get("read_only"))), superReadOnly,
                logBin, str(basics.get("binlog_format")), position, gtid, replication,
                processes == null ? List.of() : processes, grants, List.copyOf(problems));
    }

    /** The process list without query text, this inspection's own session included. */
    public static List<ProcessInfo> processList(Server s) {
        return s.query(s.dialect().processListQuery()).stream().map(r -> new ProcessInfo(
                Long.parseLong(str(get(r, "id"))), str(get(r, "user")), str(get(r, "host")), str(get(r, "db")),
                str(get(r, "command")), get(r, "time") == null ? 0 : Long.parseLong(str(get(r, "time"))),
                str(get(r, "state")))).toList();
    }

    private static GtidState gtid(Map<String, Object> r) {
        if (r.containsKey("gtid_binlog_pos")) {
            return new GtidState(null, null, null, blank(r.get("gtid_binlog_pos")), blank(r.get("gtid_slave_pos")),
                    blank(r.get("gtid_current_pos")), on(str(r.get("gtid_strict_mode"))));
        }
        return new GtidState(str(r.get("gtid_mode")), blank(r.get("gtid_executed")), blank(r.get("gtid_purged")),
                null, null, null, null);
    }

    private interface Read<T> {
        T get();
    }

    private static <T> T read(List<String> problems, String what, Read<T> r) {
        try {
            return r.get();
        } catch (DbflipException e) {
            problems.add("cannot read the " + what + ": " + e.getMessage());
            return null;
        }
    }

    private static Object get(Map<String, Object> row, String lower) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(lower)) {
                return e.getValue();
            }
        }
        return null;
    }

    static boolean on(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("ON") || v.equalsIgnoreCase("true"));
    }

    private static String str(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return o == null ? null : o.toString();
    }

    private static String blank(Object o) {
        String s = str(o);
        return s == null || s.isBlank() ? null : s.replace("\n", "");
    }
}
