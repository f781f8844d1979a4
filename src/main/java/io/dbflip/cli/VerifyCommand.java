package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.flip.Topology;
import io.dbflip.mysql.Server;
import io.dbflip.verify.ChecksumReport;
import io.dbflip.verify.InSync;
import io.dbflip.verify.TableChecksum;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code dbflip verify CLUSTER}: chunked table checksums between the master and its replica. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Once the replica has caught up with the master, checksum every table on both in primary-key "
                + "chunks (as pt-table-checksum does: plain SELECTs, a large table is never locked whole) and report "
                + "each difference.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every table equal", "1:differences (or the replica did not catch up)", "2:bad usage or config"})
public final class VerifyCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER")
    String clusterName;

    @Option(names = "--chunk-size", defaultValue = "1000", description = "Rows per chunk (default ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--wait", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long the replica may take to reach the master's position first (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        DbflipConfig config = configOptions.load();
        ClusterConfig cluster = config.cluster(clusterName);
        try (ServerOpener opener = new ServerOpener()) {
            Topology t = Topology.read(cluster, opener);
            try (Server m = opener.open(t.master(), t.master().admin());
                 Server r = opener.open(t.replica(), t.replica().admin())) {
                InSync.await(m, r, Duration.ofSeconds(waitSeconds));
                ChecksumReport report = new TableChecksum(t.master().role(), m.connection(), t.replica().role(),
                        r.connection(), TableChecksum.Options.defaults().withChunkSize(chunkSize)).progress(ProgressOptions.output(spec)).run();
                System.out.println(report.describe());
                return report.inSync() ? 0 : 1;
            }
        }
    }
}
