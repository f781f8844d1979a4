package io.dbflip.serve;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.fleet.FleetStatus;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipReport;
import io.dbflip.journal.FlipRecord;
import io.dbflip.journal.Journal;
import io.dbflip.mysql.Connector;
import io.dbflip.mysql.Inspector;
import io.dbflip.mysql.ServerState;
import io.dbflip.report.Reports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the dashboard and the API read: the fleet's status, a cluster's sides and history, saved reports. */
public final class Fleet {
    private final DbflipConfig config;
    private final Connector connector;
    private final Journal journal;
    private final Path reportDir;

    public Fleet(DbflipConfig config, Connector connector, Journal journal, Path reportDir) {
        this.config = config;
        this.connector = connector;
        this.journal = journal;
        this.reportDir = reportDir;
    }

    public Path reportDir() {
        return reportDir;
    }

    public List<FleetStatus.Row> status() {
        return new FleetStatus(connector, journal, 8).read(config.clusters());
    }

    private volatile ClusterDns dns;
    private final java.util.concurrent.ExecutorService dnsPool = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "dbflip-serve-dns");
        t.setDaemon(true);
        return t;
    });

    private ClusterDns clusterDns() {
        if (dns == null) {
            synchronized (this) {
                if (dns == null) {
                    dns = new ClusterDns(config);
                }
            }
        }
        return dns;
    }

    /**
     * Each cluster's DNS records as their authoritative servers answer now, and the side each names;
     * read in parallel, each cluster bounded (a provider that does not answer in time is an error row).
     */
    public Map<String, List<ClusterDns.Named>> dns(List<ClusterConfig> clusters) {
        Map<String, java.util.concurrent.Future<List<ClusterDns.Named>>> pending = new LinkedHashMap<>();
        for (ClusterConfig c : clusters) {
            pending.put(c.name(), dnsPool.submit(() -> clusterDns().named(c)));
        }
        Map<String, List<ClusterDns.Named>> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        pending.forEach((name, f) -> {
            try {
                out.put(name, f.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                f.cancel(true);
                out.put(name, List.of(new ClusterDns.Named("dns", null, List.of(), -1, "no answer in 10 s")));
            } catch (java.util.concurrent.ExecutionException e) {
                out.put(name, List.of(new ClusterDns.Named("dns", null, List.of(), -1, String.valueOf(e.getCause().getMessage()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(name, List.of());
            }
        });
        return out;
    }

    /** The fleet table's rows for the API: status and DNS of every cluster. */
    public List<Map<String, Object>> rows() {
        List<FleetStatus.Row> rows = status();
        Map<String, List<ClusterDns.Named>> names = dns(config.clusters());
        return rows.stream().map(r -> json(r, names.getOrDefault(r.cluster(), List.of()))).toList();
    }

    public List<ClusterConfig> clusters() {
        return config.clusters();
    }

    public Optional<ClusterConfig> cluster(String name) {
        return config.clusters().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public FleetStatus.Row status(ClusterConfig c) {
        return new FleetStatus(connector, journal, 2).read(List.of(c)).get(0);
    }

    /** Each side: address, reachable, read-only, replicating from where and how far behind. */
    public List<Map<String, Object>> sides(ClusterConfig c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SideConfig s : c.sides()) {
            ServerState st = Inspector.inspect(connector, s);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", s.role());
            m.put("address", s.address());
            m.put("reachable", st.reachable());
            m.put("error", st.error());
            m.put("writable", st.reachable() && st.writable());
            m.put("replica", st.reachable() && st.isReplica());
            if (st.replication() != null) {
                m.put("source", st.replication().sourceHost() + ":" + st.replication().sourcePort());
                m.put("healthy", st.replication().healthy());
                m.put("lag_seconds", st.replication().secondsBehind());
            }
            out.add(m);
        }
        return out;
    }

    /** Each replicating side's lag, for /metrics. */
    public void lags(ServeMetrics.LagSink sink) {
        for (ClusterConfig c : config.clusters()) {
            for (SideConfig s : c.sides()) {
                ServerState st = Inspector.inspect(connector, s);
                if (st.reachable() && st.replication() != null && st.replication().secondsBehind() != null) {
                    sink.lag(c.name(), s.role(), st.replication().secondsBehind());
                }
            }
        }
    }

    public List<FlipRecord> history(String cluster, int limit) {
        return journal.history(cluster, limit);
    }

    public Optional<FlipReport> report(String flipId) {
        if (!flipId.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        return Reports.read(reportDir, flipId);
    }

    public static Map<String, Object> json(FlipRecord f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id().value());
        m.put("from", f.fromSide());
        m.put("to", f.toSide());
        m.put("dry_run", f.dryRun());
        m.put("started_at", f.startedAt().toString());
        m.put("finished_at", f.finishedAt() == null ? null : f.finishedAt().toString());
        m.put("outcome", f.outcome() == null ? "unfinished" : f.outcome().dbName());
        m.put("blackout_ms", f.blackoutMicros() == null ? null : f.blackoutMicros() / 1000.0);
        m.put("operator", f.operator());
        return m;
    }

    /** The row with its {@code dns}: each record, the side it names ({@code points_at}, "?" for neither), its values and TTL. */
    public static Map<String, Object> json(FleetStatus.Row r, List<ClusterDns.Named> dns) {
        Map<String, Object> m = json(r);
        m.put("dns", dns.stream().map(n -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("record", n.record());
            x.put("points_at", n.side());
            x.put("values", n.values());
            x.put("ttl", n.ttl() < 0 ? null : n.ttl());
            if (n.error() != null) {
                x.put("error", n.error());
            }
            return x;
        }).toList());
        return m;
    }

    public static Map<String, Object> json(FleetStatus.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", r.cluster());
        m.put("labels", r.labels());
        m.put("master", r.master());
        m.put("replication", r.replication());
        m.put("last_flip", r.lastFlip());
        m.put("last_blackout_ms", r.lastBlackoutMillis());
        m.put("lock", r.lockHolder());
        return m;
    }
}
