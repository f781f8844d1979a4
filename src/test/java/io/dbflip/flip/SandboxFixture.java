package io.dbflip.flip;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.mysql.Server;
import io.dbflip.sandbox.Sandbox;
import io.dbflip.sandbox.SandboxOptions;
import io.dbflip.verify.Probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A sandbox for one test class: servers, BIND, config, journal, and helpers to flip and probe. */
final class SandboxFixture implements AutoCloseable {
    final Path dir;
    final Sandbox sandbox;
    final DbflipConfig config;
    final ClusterConfig cluster;
    final Journal journal;
    final ServerOpener opener = new ServerOpener();

    SandboxFixture(String name) throws Exception {
        this(name, SandboxOptions.defaults());
    }

    SandboxFixture(String name, SandboxOptions options) throws Exception {
        this(name, options, fx -> { });
    }

    /** {@code beforeObjects} runs on the sandbox before the objects are carried (a case's own set-up). */
    SandboxFixture(String name, SandboxOptions options, java.util.function.Consumer<SandboxFixture> beforeObjects)
            throws Exception {
        dir = Files.createTempDirectory("dbflip-" + name + "-");
        try {
            sandbox = Sandbox.up(dir.resolve("sb"), options);
            config = ConfigLoader.load(sandbox.configFile());
            cluster = config.clusters().get(0);
            journal = Journals.open(dir.resolve("journal").toString(), null);
            beforeObjects.accept(this);
            carryObjects();
        } catch (RuntimeException e) {
            // no close() follows a constructor that threw: stop what up started, keep its logs
            opener.close();
            System.err.println("sandbox fixture failed; its processes stopped, logs kept: "
                    + Sandbox.stopKeepingLogs(dir.resolve("sb")));
            throw e;
        }
    }

    /** The rehearsal's objects step: what the import left behind, from the master to the other side. */
    void carryObjects() {
        Topology t = Topology.read(cluster, opener);
        try (Server a = admin(t.master().role()); Server b = admin(t.replica().role())) {
            new io.dbflip.objects.ObjectsMigration(a, t.master(), b, t.replica(), java.util.List.of())
                    .apply(io.dbflip.objects.DefinerPolicy.REWRITE, null, false, false);
        }
    }

    SideConfig side(String role) {
        return cluster.side(role).orElseThrow();
    }

    Server admin(String role) {
        return opener.open(side(role), side(role).admin());
    }

    FlipOperation operation() {
        return new FlipOperation(config, cluster, opener, new ClusterDns(config), journal);
    }

    FlipReport flip(String to, FlipListener listener) {
        return operation().run(new FlipOperation.Options(to, false, dir.resolve("reports"), "test"), p -> true, listener);
    }

    Probe probe(String name, int rate) {
        Map<String, String> env = sandbox.env();
        try (Server s = admin(Topology.read(cluster, opener).master().role())) {
            s.execute(io.dbflip.mysql.Sql.of("CREATE DATABASE IF NOT EXISTS " + Probe.SCHEMA));
            s.execute(io.dbflip.mysql.Sql.of(Probe.CREATE_TABLE));
        }
        return new Probe(new Probe.Options(name, env.get("DBFLIP_DNS_SERVER"), env.get("DBFLIP_DNS_NAME"),
                side("onprem").port(), env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD"), rate,
                sandbox.layout().tls()));
    }

    @Override
    public void close() {
        opener.close();
        journal.close();
        sandbox.down();
        try {
            // the journal and the reports: a test's temp dir, not worth keeping once its sandbox is gone
            io.dbflip.sandbox.SandboxServer.deleteTree(dir);
        } catch (java.io.IOException e) {
            System.err.println("cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
