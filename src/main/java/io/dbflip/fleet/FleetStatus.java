package io.dbflip.fleet;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.journal.FlipRecord;
import io.dbflip.journal.Journal;
import io.dbflip.journal.LockHolder;
import io.dbflip.mysql.Connector;
import io.dbflip.mysql.Inspector;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.ServerState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One row per cluster, read in parallel on a bounded pool: which side is master, each side's
 * replication (health and lag, so both directions show), the last flip and its blackout, and who
 * holds the cluster's lock. A server that is down is a cell, not an error.
 */
public final class FleetStatus {
    /** One side's replication, e.g. {@code from onprem: ok, lag 0 s}, or {@code not replicating}. */
    public record Row(String cluster, Map<String, String> labels, String master, Map<String, String> replication,
                      String lastFlip, Double lastBlackoutMillis, String lockHolder) {
    }

    private final Connector connector;
    private final Journal journal;
    private final int threads;

    public FleetStatus(Connector connector, Journal journal, int threads) {
        this.connector = connector;
        this.journal = journal;
        this.threads = Math.max(1, threads);
    }

    public List<Row> read(List<ClusterConfig> clusters) {
        Map<String, LockHolder> holders = journal.holders().stream()
                .collect(Collectors.toMap(LockHolder::cluster, Function.identity(), (a, b) -> a));
        return FleetFlip.pool(threads, clusters.stream().map(c -> (Callable<Row>) () -> row(c, holders.get(c.name()))).toList());
    }

    private Row row(ClusterConfig c, LockHolder holder) {
        Map<String, ServerState> states = new LinkedHashMap<>();
        for (SideConfig s : c.sides()) {
            states.put(s.role(), Inspector.inspect(connector, s));
        }
        Map<String, String> repl = new LinkedHashMap<>();
        String master = null;
        for (SideConfig s : c.sides()) {
            ServerState st = states.get(s.role());
            repl.put(s.role(), replication(c, st));
            if (st.reachable() && !st.isReplica()) {
                // the side no one else replicates from while it writes is not the master; the other side says
                SideConfig other = c.other(s);
                ServerState o = states.get(other.role());
                boolean otherFollows = o.reachable() && o.isReplica() && points(o.replication(), s);
                master = otherFollows || (st.writable() && master == null) ? s.role() : master;
            }
        }
        String last = null;
        Double blackout = null;
        try {
            FlipRecord f = journal.lastFlip(c.name()).orElse(null);
            if (f != null) {
                last = f.startedAt() + " " + f.fromSide() + "→" + f.toSide() + " " + f.outcome();
                blackout = f.blackoutMicros() == null ? null : f.blackoutMicros() / 1000.0;
            }
        } catch (RuntimeException e) {
            last = "journal unreadable: " + e.getMessage();
        }
        return new Row(c.name(), c.labels(), master == null ? "?" : master, repl, last, blackout,
                holder == null ? null : holder.describe());
    }

    private static String replication(ClusterConfig c, ServerState st) {
        if (!st.reachable()) {
            return "DOWN: " + st.error();
        }
        ReplicationStatus r = st.replication();
        if (r == null) {
            return st.writable() ? "master (writable)" : "not replicating (read-only)";
        }
        String from = c.sides().stream().filter(s -> points(r, s)).map(SideConfig::role).findFirst()
                .orElse(r.sourceHost() + ":" + r.sourcePort());
        if (r.healthy()) {
            return "from " + from + ": ok, lag " + (r.secondsBehind() == null ? "?" : r.secondsBehind()) + " s";
        }
        return "from " + from + ": BROKEN io=" + (r.ioRunning() ? "yes" : "no") + " sql=" + (r.sqlRunning() ? "yes" : "no")
                + (r.lastErrno() == 0 ? "" : " error " + r.lastErrno() + ": " + r.lastError());
    }

    private static boolean points(ReplicationStatus r, SideConfig s) {
        if (r.sourcePort() != s.port()) {
            return false;
        }
        if (r.sourceHost().equalsIgnoreCase(s.host())) {
            return true;
        }
        try {
            return java.net.InetAddress.getByName(r.sourceHost()).equals(java.net.InetAddress.getByName(s.host()));
        } catch (Exception e) {
            return false;
        }
    }

    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-20s %-24s %-8s %-44s %-44s %10s  %s%n";
        b.append(String.format(fmt, "CLUSTER", "LABELS", "MASTER", "SIDE 1", "SIDE 2", "BLACKOUT", "LAST FLIP / LOCK"));
        for (Row r : rows) {
            List<String> sides = r.replication().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
            b.append(String.format(fmt, r.cluster(), Selection.labels(r.labels()), r.master(),
                    sides.isEmpty() ? "" : sides.get(0), sides.size() < 2 ? "" : sides.get(1),
                    r.lastBlackoutMillis() == null ? "-" : String.format("%.1f ms", r.lastBlackoutMillis()),
                    (r.lastFlip() == null ? "never flipped" : r.lastFlip())
                            + (r.lockHolder() == null ? "" : "; LOCKED by " + r.lockHolder())));
        }
        return b.toString();
    }
}
