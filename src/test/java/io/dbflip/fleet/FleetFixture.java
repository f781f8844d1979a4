package io.dbflip.fleet;

import io.dbflip.flip.ServerOpener;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipListener;
import io.dbflip.flip.Topology;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.sandbox.Sandbox;
import io.dbflip.sandbox.SandboxLayout;
import io.dbflip.sandbox.SandboxOptions;
import io.dbflip.verify.InSync;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A sandbox of N clusters for the fleet tests and bench: config, a file journal, probes per cluster. */
final class FleetFixture implements AutoCloseable {
    final Path dir;
    final Sandbox sandbox;
    final DbflipConfig config;
    final Journal journal;
    final ServerOpener opener = new ServerOpener();

    FleetFixture(String name, int clusters) throws Exception {
        dir = Files.createTempDirectory("dbflip-" + name + "-");
        Sandbox sb = null;
        try {
            sb = Sandbox.up(dir.resolve("sb"), SandboxOptions.defaults().withClusters(clusters)
                    .withProgress(l -> System.out.println("sandbox: " + l)));
            config = ConfigLoader.load(sb.configFile());
            journal = Journals.open(dir.resolve("journal").toString(), null);
            for (ClusterConfig c : config.clusters()) {
                carryObjects(c);
                seedWrite(c);
            }
        } catch (Exception | Error e) {
            if (sb != null) {
                sb.down();
            } else {
                // up() threw half-way: the servers it started so far must not outlive the run
                Sandbox.stopKeepingLogs(dir.resolve("sb"));
            }
            throw e;
        }
        sandbox = sb;
    }

    /** The rehearsal's objects step (what the import left behind, master to the other side), per cluster. */
    private void carryObjects(ClusterConfig c) {
        Topology t = Topology.read(c, opener);
        try (Server a = opener.open(t.master(), t.master().admin()); Server b = opener.open(t.replica(), t.replica().admin())) {
            new io.dbflip.objects.ObjectsMigration(a, t.master(), b, t.replica(), List.of())
                    .apply(io.dbflip.objects.DefinerPolicy.REWRITE, null, false, false);
        }
    }

    /**
     * One write on the master that the replica applies. Without it the Aurora-like side, seeded
     * from a backup, holds no GTID of the on-prem master's server_id in its binlog state, and the
     * flip's errant-transaction check would refuse the way back after a flip with no traffic.
     */
    private void seedWrite(ClusterConfig c) {
        Topology t = Topology.read(c, opener);
        try (Server m = opener.open(t.master(), t.master().admin()); Server r = opener.open(t.replica(), t.replica().admin())) {
            m.execute(Sql.of("CREATE DATABASE IF NOT EXISTS " + Probe.SCHEMA));
            m.execute(Sql.of(Probe.CREATE_TABLE));
            InSync.await(m, r, Duration.ofSeconds(30));
        }
    }

    ClusterConfig cluster(int k) {
        return config.clusters().get(k - 1);
    }

    FleetContext context(Journal j, Function<String, FlipListener> listeners) {
        return new FleetContext(opener, new ClusterDns(config), j, "test", dir.resolve("reports"), listeners);
    }

    FleetReport flip(String select, FleetFlip.Options o, Function<String, FlipListener> listeners) {
        return new FleetFlip(context(journal, listeners), l -> System.out.println("fleet: " + l))
                .run(Selection.parse(select).select(config.clusters()), o, q -> true);
    }

    static FleetFlip.Options options(String to) {
        return new FleetFlip.Options(to, 0, 2, false, false, true, false);
    }

    String master(int k) {
        return Topology.read(cluster(k), opener).master().role();
    }

    Server admin(ClusterConfig c, String role) {
        var side = c.side(role).orElseThrow();
        return opener.open(side, side.admin());
    }

    /** A probe writing through cluster k's DNS name (the first zone), as the app user. */
    Probe probe(int k, int rate) {
        ClusterConfig c = cluster(k);
        try (Server s = admin(c, master(k))) {
            s.execute(Sql.of("CREATE DATABASE IF NOT EXISTS " + Probe.SCHEMA));
            s.execute(Sql.of(Probe.CREATE_TABLE));
        }
        Map<String, String> env = sandbox.env();
        SandboxLayout.ClusterLayout cl = sandbox.layout().cluster(k);
        return new Probe(new Probe.Options("fleet-" + k, env.get("DBFLIP_DNS_SERVER"), cl.dnsName(SandboxLayout.ZONES.get(0)),
                SandboxLayout.MYSQL_PORT, env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD"), rate));
    }

    /** Lost acknowledged writes and one-sided rows of cluster k, once its replica caught up. */
    ProbeCheck.Outcome check(int k, ProbeResult result) {
        Topology t = Topology.read(cluster(k), opener);
        try (Server m = admin(cluster(k), t.master().role()); Server r = admin(cluster(k), t.replica().role())) {
            InSync.await(m, r, Duration.ofSeconds(30));
            Map<String, Server> servers = new LinkedHashMap<>();
            servers.put(t.master().role(), m);
            servers.put(t.replica().role(), r);
            return ProbeCheck.check(result, servers);
        }
    }

    List<String> masters() {
        return config.clusters().stream().map(c -> Topology.read(c, opener).master().role()).toList();
    }

    @Override
    public void close() {
        opener.close();
        journal.close();
        sandbox.down();
    }
}
