package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.Credentials;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.DnsRecordConfig;
import io.dbflip.config.Secret;
import io.dbflip.config.SideConfig;
import io.dbflip.flip.Topology;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.verify.InSync;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dbflip probe CLUSTER}: an independent write client, as an application would be. Writes
 * numbered rows through the cluster's DNS name until --duration passes or it is interrupted, then
 * reads every server: lost acknowledged writes and one-sided rows.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Write numbered rows through the cluster's DNS name at a steady rate, like an application; "
                + "report acknowledged writes, the longest gap between two (the blackout a client saw), "
                + "and — reading every server at the end — lost writes and one-sided rows.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no acknowledged write lost, no one-sided row", "1:writes lost or rows one-sided",
                "2:bad usage or config"})
public final class ProbeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String clusterName;

    @Option(names = "--rate", defaultValue = "1000", description = "Writes per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "30s", description = "How long to write: 500ms, 30s, 5m (default ${DEFAULT-VALUE}); Ctrl-C stops early.")
    String duration;

    @Option(names = "--record", paramLabel = "NAME", description = "The DNS name to follow (default: the cluster's first A record).")
    String record;

    @Option(names = "--dns-server", paramLabel = "HOST:PORT", description = "Ask this server for the name (default: the record's rfc2136 provider server).")
    String dnsServer;

    @Option(names = "--user", description = "The account to write as (default: the master side's first app user).")
    String user;

    @Option(names = "--password", paramLabel = "REF", description = "env:NAME or file:PATH of --user's password.")
    String password;

    @Option(names = "--gaps", paramLabel = "FILE", description = "Also write each gap as a line 'START_US END_US MS FROM TO'"
            + " (epoch microseconds), for benchmarks that match gaps to flips.")
    java.nio.file.Path gapsFile;

    @Option(names = "--trace", paramLabel = "FILE", description = "Also write each failed attempt and the first"
            + " acknowledged write after failures as a line 'START_US CONNECTED_US END_US WHAT ADDRESS CODE [EXCEPTION]'"
            + " (where an outage's milliseconds went, client side).")
    java.nio.file.Path traceFile;

    @Option(names = "--pool", description = "Keep the connection through a server's refusal, as a connection pool does"
            + " (HikariCP's rule: only a broken connection — SQLState 08…, a timeout — is dropped; a read-only refusal is"
            + " retried on the same session). By default the probe drops its connection on any error and reconnects,"
            + " re-resolving the name: the worse case for the blackout a client sees.")
    boolean pool;

    @Option(names = "--name", description = "This probe's name in dbflip_probe.writes (default: probe-<time>).")
    String probeName;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        DbflipConfig config = configOptions.load();
        ClusterConfig cluster = config.cluster(clusterName);
        Probe.Options options = options(config, cluster);
        try (ServerOpener opener = new ServerOpener()) {
            Topology t = Topology.read(cluster, opener);
            prepareTable(opener, t.master());
            Probe probe = new Probe(options).start();
            CountDownLatch done = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger code = new java.util.concurrent.atomic.AtomicInteger(1);
            // Ctrl-C or SIGTERM stops the writes early. The JVM exits as soon as the hooks return, which cut off the
            // lost-writes check and the gaps file (bench/flip-load stops its probe so): the hook waits for them,
            // bounded (the check waits 30 s at most for the replica), and exits with the check's code, not 130/143.
            Thread hook = new Thread(() -> {
                if (finished.getCount() == 0) {
                    return;
                }
                done.countDown();
                try {
                    if (finished.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        System.out.flush();
                        Runtime.getRuntime().halt(code.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                code.set(run(opener, cluster, options, probe, done));
                return code.get();
            } finally {
                finished.countDown();
            }
        }
    }

    private int run(ServerOpener opener, ClusterConfig cluster, Probe.Options options, Probe probe, CountDownLatch done)
            throws Exception {
        System.err.println("probe " + options + " for " + duration + " ...");
        done.await(Durations.parse(duration, "--duration").toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        ProbeResult result = probe.stop();
        System.out.println(result.summary());
        if (probe.lastError() != null) {
            System.err.println("probe: last error: " + probe.lastError());
        }
        result.gaps().forEach(g -> System.out.printf("  gap %.1f ms (%s → %s)%n", g.millis(), g.fromAddress(), g.toAddress()));
        if (gapsFile != null) {
            StringBuilder b = new StringBuilder();
            result.gaps().forEach(g -> b.append(g.startEpochMicros()).append(' ').append(g.endEpochMicros()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", g.millis())).append(' ').append(g.fromAddress())
                    .append(' ').append(g.toAddress()).append('\n'));
            java.nio.file.Files.writeString(gapsFile, b.toString());
        }
        if (traceFile != null) {
            java.nio.file.Files.write(traceFile, probe.trace());
        }
        ProbeCheck.Outcome outcome = check(opener, cluster, result);
        System.out.println(outcome);
        return outcome.clean() ? 0 : 1;
    }

    static void prepareTable(ServerOpener opener, SideConfig master) {
        try (Server s = opener.open(master, master.admin())) {
            s.execute(Sql.of("CREATE DATABASE IF NOT EXISTS " + Probe.SCHEMA));
            s.execute(Sql.of(Probe.CREATE_TABLE));
        }
    }

    /** Waits until the replica has everything, then reads both sides. */
    static ProbeCheck.Outcome check(ServerOpener opener, ClusterConfig cluster, ProbeResult result) {
        Topology t = Topology.read(cluster, opener);
        try (Server m = opener.open(t.master(), t.master().admin());
             Server r = opener.open(t.replica(), t.replica().admin())) {
            InSync.await(m, r, Duration.ofSeconds(30));
            Map<String, Server> servers = new LinkedHashMap<>();
            servers.put(t.master().role(), m);
            servers.put(t.replica().role(), r);
            return ProbeCheck.check(result, servers);
        }
    }

    Probe.Options options(DbflipConfig config, ClusterConfig cluster) {
        DnsRecordConfig rec = cluster.dns().stream().filter(d -> "A".equalsIgnoreCase(d.type()))
                .filter(d -> record == null || d.name().equals(record) || d.name().equals(record + "."))
                .findFirst().orElseThrow(() -> DbflipException.usage(clusterName + ": no A record"
                        + (record == null ? "" : " named " + record) + " to follow; the probe resolves an address"));
        String server = dnsServer != null ? dnsServer : config.dnsProvider(rec.provider()).server();
        if (server == null) {
            throw DbflipException.usage("--dns-server is needed: provider " + rec.provider() + " has no server address");
        }
        SideConfig side = cluster.sides().get(0);
        Credentials app = side.appUsers().isEmpty() ? null : side.appUsers().get(0);
        String u = user != null ? user : app == null ? null : app.user();
        if (u == null) {
            throw DbflipException.usage("--user is needed: " + clusterName + " has no app_users");
        }
        String pw = password != null ? new Secret(password, "--password").reveal()
                : app != null && u.equals(app.user()) ? app.password().reveal() : null;
        if (pw == null) {
            throw DbflipException.usage("--password env:NAME|file:PATH is needed for --user " + u);
        }
        String name = probeName != null ? probeName : "probe-" + System.currentTimeMillis();
        return new Probe.Options(name, server, rec.name(), side.port(), u, pw, rate, side.tls() != null && side.tls().enabled(), pool);
    }
}
