package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.flip.ClusterDns;
import io.dbflip.journal.FlipRecord;
import io.dbflip.journal.Journal;
import io.dbflip.mysql.Connector;
import io.dbflip.mysql.Inspector;
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.ServerState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code dbflip status [CLUSTER] [--json]}: each side's state, read in parallel; a down server is reported, not an error. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "For each side: reachable, flavor/version, server_id, read_only, binlog, GTID, replication "
                + "source, threads, lag and last error, and which DNS records point at it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:status shown (also when a server is down)", "2:bad usage or config"})
public final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CLUSTER", description = "Default: every cluster.")
    String clusterName;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    JournalOptions journalOptions;

    @Override
    public Integer call() throws Exception {
        DbflipConfig config = configOptions.load();
        List<ClusterConfig> clusters = clusterName == null ? config.clusters() : List.of(config.cluster(clusterName));
        List<Map<String, Object>> all = new ArrayList<>();
        try (Connector connector = new Connector(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(10))) {
            ClusterDns dns = new ClusterDns(config);
            for (ClusterConfig c : clusters) {
                all.add(cluster(c, connector, dns, config));
            }
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
        } else {
            all.forEach(StatusCommand::print);
        }
        return 0;
    }

    private Map<String, Object> cluster(ClusterConfig c, Connector connector, ClusterDns dns, DbflipConfig config) {
        List<CompletableFuture<ServerState>> futures = c.sides().stream()
                .map(s -> CompletableFuture.supplyAsync(() -> Inspector.inspect(connector, s))).toList();
        Map<String, String> records = dns.whoIsNamed(c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", c.name());
        out.put("labels", c.labels());
        List<Map<String, Object>> sides = new ArrayList<>();
        for (int i = 0; i < c.sides().size(); i++) {
            SideConfig side = c.sides().get(i);
            ServerState st = futures.get(i).join();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", side.role());
            m.put("address", side.address());
            m.put("reachable", st.reachable());
            if (!st.reachable()) {
                m.put("error", st.error());
            } else {
                m.put("flavor", st.flavor().configName());
                m.put("version", st.version());
                m.put("server_id", st.serverId());
                m.put("read_only", st.readOnly());
                m.put("super_read_only", st.superReadOnly());
                m.put("binlog", st.logBin() ? st.binlogFormat() + " " + st.binlogPosition() : "off");
                m.put("gtid", gtid(st.gtid()));
                ReplicationStatus r = st.replication();
                m.put("role_now", r == null ? (st.writable() ? "master (writable)" : "master? (read-only, not replicating)")
                        : "replica of " + r.sourceHost() + ":" + r.sourcePort());
                if (r != null) {
                    m.put("io_thread", r.ioRunning());
                    m.put("sql_thread", r.sqlRunning());
                    m.put("lag_seconds", r.secondsBehind());
                    m.put("last_error", r.lastErrno() == 0 ? null : r.lastErrno() + ": " + r.lastError());
                    m.put("ignore_tables", r.wildIgnoreTable());
                }
                if (!st.problems().isEmpty()) {
                    m.put("problems", st.problems());
                }
            }
            List<String> named = new ArrayList<>();
            records.forEach((rec, who) -> {
                if (who.startsWith(side.role() + " ")) {
                    named.add(rec);
                }
            });
            m.put("dns_records", named);
            sides.add(m);
        }
        out.put("sides", sides);
        List<String> other = new ArrayList<>();
        records.forEach((rec, who) -> {
            if (who.startsWith("?") || who.startsWith("unreadable")) {
                other.add(rec + ": " + who);
            }
        });
        if (!other.isEmpty()) {
            out.put("dns_problems", other);
        }
        try (Journal j = journalOptions.open(config)) {
            j.unfinished(c.name()).ifPresent(f -> {
                try (ServerOpener opener = new ServerOpener()) {
                    new io.dbflip.flip.Recovery(c, j, opener, dns).assess()
                            .ifPresent(a -> out.put("interrupted_flip", a.describe()));
                } catch (RuntimeException e) {
                    out.put("interrupted_flip", describe(f) + " (could not read the servers to say which: " + e.getMessage() + ")");
                }
            });
            j.lastFlip(c.name()).ifPresent(f -> out.put("last_flip", f.startedAt() + " " + f.fromSide() + " → " + f.toSide()
                    + " " + (f.outcome() == null ? "unfinished" : f.outcome()) + (f.blackoutMicros() == null ? "" : String.format(" blackout %.1f ms", f.blackoutMicros() / 1000.0))));
        } catch (RuntimeException e) {
            out.put("journal", "unreadable: " + e.getMessage());
        }
        return out;
    }

    /** The GTID state in the flavor's own words, leaving out what it does not have. */
    private static Map<String, Object> gtid(io.dbflip.mysql.GtidState g) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (g == null) {
            return m;
        }
        if (g.mode() != null) m.put("gtid_mode", g.mode());
        if (g.executed() != null) m.put("gtid_executed", g.executed());
        if (g.purged() != null) m.put("gtid_purged", g.purged());
        if (g.binlogPos() != null) m.put("gtid_binlog_pos", g.binlogPos());
        if (g.slavePos() != null) m.put("gtid_slave_pos", g.slavePos());
        if (g.currentPos() != null) m.put("gtid_current_pos", g.currentPos());
        if (g.strictMode() != null) m.put("gtid_strict_mode", g.strictMode());
        return m;
    }

    private static String describe(FlipRecord f) {
        return "flip " + f.id() + " " + f.fromSide() + " → " + f.toSide() + " started " + f.startedAt()
                + " by " + f.operator() + " did not finish: run `dbflip resume " + f.cluster() + "` or `dbflip rollback "
                + f.cluster() + "` (dbflip says which applies)";
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> c) {
        System.out.println("cluster " + c.get("cluster") + " " + c.get("labels"));
        for (Map<String, Object> s : (List<Map<String, Object>>) c.get("sides")) {
            System.out.println("  " + s.get("role") + " " + s.get("address"));
            s.forEach((k, v) -> {
                if (!k.equals("role") && !k.equals("address") && v != null) {
                    System.out.println("    " + k + ": " + v);
                }
            });
        }
        for (String k : List.of("dns_problems", "last_flip", "interrupted_flip", "journal")) {
            if (c.containsKey(k)) {
                System.out.println("  " + k.replace('_', ' ') + ": " + c.get(k));
            }
        }
    }
}
