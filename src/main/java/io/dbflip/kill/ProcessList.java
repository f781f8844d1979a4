package io.dbflip.kill;

import io.dbflip.mysql.ProcessInfo;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads the process list and tells client sessions from replication, daemons and our own. */
public final class ProcessList {
    private ProcessList() {
    }

    public static List<ProcessInfo> read(Server server) {
        List<ProcessInfo> out = new ArrayList<>();
        for (Map<String, Object> r : server.query(
                "SELECT ID, USER, HOST, DB, COMMAND, TIME, STATE FROM information_schema.PROCESSLIST")) {
            out.add(new ProcessInfo(num(get(r, "ID")), str(get(r, "USER")), str(get(r, "HOST")), str(get(r, "DB")),
                    str(get(r, "COMMAND")), num(get(r, "TIME")), str(get(r, "STATE"))));
        }
        return out;
    }

    /** Client sessions that may write: not replication, not daemons, not ours. */
    public static List<ProcessInfo> clients(List<ProcessInfo> all, Set<Long> own) {
        return all.stream()
                .filter(p -> !own.contains(p.id()))
                .filter(p -> !p.isReplicationThread())
                .filter(p -> !"Killed".equals(p.command()))
                .filter(p -> !"unauthenticated user".equals(p.user()))
                .toList();
    }

    /**
     * Ends each session with the statement {@code kill} gives for it, and returns those it ended: one that ended
     * by itself between the read and the kill (1094, unknown thread) is left out, not an error.
     */
    public static List<ProcessInfo> kill(Server server, List<ProcessInfo> sessions, Function<ProcessInfo, Sql> kill) {
        List<ProcessInfo> ended = new ArrayList<>();
        for (ProcessInfo p : sessions) {
            try {
                server.execute(kill.apply(p));
                ended.add(p);
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("[1094]")) {
                    throw e;
                }
            }
        }
        return ended;
    }

    private static Object get(Map<String, Object> row, String key) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
