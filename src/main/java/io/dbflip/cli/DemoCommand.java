package io.dbflip.cli;

import io.dbflip.flip.FlipReport;
import io.dbflip.sandbox.Engine;
import io.dbflip.rehearsal.Rehearsal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dbflip demo}: the full local rehearsal, and (with --flips N) the blackout benchmark. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The full local rehearsal: sandbox servers (onprem master and replica, an Aurora-like server "
                + "seeded through the sandbox's S3 server by a dbflip backup of the replica and a restore, BIND with two zones, S3Proxy), "
                + "the import step's path, the objects the import leaves behind, "
                + "a probe writing through DNS, a flip to aurora under it, a flip back, the probe's check of every "
                + "server, table checksums, and both reports."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every flip completed, no write lost, no one-sided row, tables equal", "1:something failed"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "Where the rehearsal's sandbox, journal and reports go (default: a new temporary directory).")
    Path dir;

    @Option(names = "--flips", defaultValue = "2", description = "How many flips, back and forth (default ${DEFAULT-VALUE}).")
    int flips;

    @Option(names = "--rate", defaultValue = "1000", description = "The probe's writes per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--pause", defaultValue = "1500", paramLabel = "MS", description = "Time between flips, in ms (default ${DEFAULT-VALUE}).")
    long pause;

    @Option(names = "--keep", description = "Leave the sandbox running at the end.")
    boolean keep;

    @Option(names = "--tls", description = "A TLS sandbox: servers require TLS, dbflip verifies their identity, replication uses SSL.")
    boolean tls;

    @Option(names = "--clusters", defaultValue = "1", description = "How many sandbox clusters to rehearse with, each "
            + "with its own probe, flipped one after another in each round (default ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "The sandbox's servers: mysql (default; MySQL 9.7,"
            + " aurora-b an Aurora MySQL 3-like server) or mariadb (MariaDB 10.11, aurora-b RDS-for-MariaDB-like).")
    String engine;

    @Option(names = "--dns", paramLabel = "PROVIDER", description = "Where the clusters' records live: rfc2136 (default;"
            + " the sandbox's BIND, the probe asks it) or route53 (moto's Route 53, two hosted zones; the probe reads the"
            + " records through the Route 53 API).")
    String dns;

    @Option(names = "--traffic", paramLabel = "PROXY", description = "haproxy: HAProxy in front of the cluster; the flip"
            + " moves its backend at the DNS step and the probe connects through it.")
    String traffic;

    @Option(names = "--quiet-reports", description = "Print only the figures, not each flip's report.")
    boolean quietReports;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? dir : Files.createTempDirectory("dbflip-demo-");
        System.out.println("rehearsal in " + d);
        Rehearsal.Result r = new Rehearsal(new Rehearsal.Options(d, flips, rate, pause, keep, tls, clusters,
                engine == null ? null : Engine.parse(engine), dns, traffic), System.out).run();
        if (!quietReports) {
            for (FlipReport f : r.flips()) {
                System.out.println();
                System.out.println(f.toMarkdown());
            }
        }
        System.out.println();
        for (Rehearsal.ClusterRun c : r.clusters()) {
            System.out.println(c.cluster() + ": " + c.check());
            System.out.println(c.cluster() + ": " + c.checksum().describe());
        }
        System.out.println();
        Rehearsal.printFigures(r, System.out);
        System.out.println("reports: " + d.resolve("reports"));
        r.flips().forEach(f -> System.out.println("  HTML report (timeline): " + d.resolve("reports").resolve("flip-" + f.flipId() + ".html")));
        System.out.println(r.ok() ? "REHEARSAL PASSED" : "REHEARSAL FAILED");
        return r.ok() ? 0 : 1;
    }
}
