package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.DbflipException;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.Secret;
import io.dbflip.journal.Journal;
import io.dbflip.mysql.Connector;
import io.dbflip.serve.BearerAuth;
import io.dbflip.serve.DashboardServer;
import io.dbflip.serve.Fleet;
import io.dbflip.serve.FlipService;
import io.dbflip.serve.ServeMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code dbflip serve}: dashboard, JSON API and Prometheus metrics behind a bearer token. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the dashboard (/), the JSON API (/api/clusters, /api/clusters/NAME, /api/flips/ID, "
                + "POST /api/clusters/NAME/flip) and Prometheus metrics (/metrics), every request behind a bearer token.",
                "Flips through the API are journaled and locked like CLI flips."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped", "2:bad usage or config"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address to listen on (default ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--token", paramLabel = "file:PATH|env:NAME", required = true,
            description = "The bearer token every request must carry, as a secret reference (never the token itself).")
    String token;

    @Option(names = "--public-reads", description = "Let GET requests (dashboard, API reads, metrics) through without "
            + "the token; a flip still needs it.")
    boolean publicReads;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    JournalOptions journalOptions;

    @Override
    public Integer call() throws Exception {
        if (!token.startsWith("env:") && !token.startsWith("file:")) {
            throw DbflipException.usage("--token: give env:NAME or file:PATH, never the token itself "
                    + "(a command line is visible to every user of the machine)");
        }
        String secret = new Secret(token, "--token").reveal();
        if (secret.isBlank()) {
            throw DbflipException.usage("--token: " + token + " is empty");
        }
        DbflipConfig config = configOptions.load();
        InetSocketAddress address = address(listen);
        // one supervisor for the flips this server runs (issue 14): should this process die inside a
        // flip's window, it finishes or rolls back each cluster whose flip this process began. It acts
        // on nothing else, so a normal exit needs no word to it either
        Supervisor supervisor = System.getenv("DBFLIP_NO_SUPERVISOR") != null ? null
                : Supervisor.start(config.clusters().stream().map(io.dbflip.config.ClusterConfig::name).toList(),
                configOptions.resolvedPaths(), journalOptions.location(config), journalOptions.reportDir(config), System.err);
        try {
            return serve(config, address, secret);
        } finally {
            if (supervisor != null) {
                supervisor.close();
            }
        }
    }

    private int serve(DbflipConfig config, InetSocketAddress address, String secret) throws Exception {
        try (Connector connector = new Connector(Duration.ofSeconds(3), Duration.ofSeconds(10));
             ServerOpener opener = new ServerOpener();
             Journal journal = journalOptions.open(config)) {
            Fleet fleet = new Fleet(config, connector, journal, journalOptions.reportDir(config));
            ServeMetrics metrics = new ServeMetrics(fleet::lags);
            FlipService flips = new FlipService(config, opener, journal, journalOptions.reportDir(config), metrics,
                    "api:" + Operators.current());
            CountDownLatch stop = new CountDownLatch(1);
            try (DashboardServer server = new DashboardServer(address, new BearerAuth(secret, publicReads), fleet, flips, metrics)) {
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                InetSocketAddress a = server.address();
                System.out.println("dbflip serve: listening on http://" + a.getHostString() + ":" + a.getPort()
                        + "/ (token from " + token + ")");
                System.out.flush();
                stop.await();
            }
        }
        return 0;
    }

    static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 1) {
            throw DbflipException.usage("--listen: give HOST:PORT, was '" + listen + "'");
        }
        try {
            int port = Integer.parseInt(listen.substring(colon + 1));
            return new InetSocketAddress(listen.substring(0, colon).replaceAll("^\\[|]$", ""), port);
        } catch (IllegalArgumentException e) {
            throw DbflipException.usage("--listen: give HOST:PORT, was '" + listen + "'");
        }
    }
}
