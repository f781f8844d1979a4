package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.aws.AwsErrors;
import io.dbflip.aws.S3Clients;
import io.dbflip.backup.BackupLocation;
import io.dbflip.backup.S3Location;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.coordinates.BackupInput;
import io.dbflip.coordinates.Coordinates;
import io.dbflip.coordinates.CoordinatesParser;
import io.dbflip.coordinates.ParseResult;
import io.dbflip.coordinates.Which;
import io.dbflip.flip.ReplicationSetup;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dbflip replicate CLUSTER (--coordinates FILE | --log-line "…" | --from s3://BUCKET/PREFIX [--endpoint URL])
 * [--to SIDE] [--dry-run] [--reverse-filters]}.
 */
@Command(name = "replicate", mixinStandardHelpOptions = true,
        description = "Make the target side a replica of the source side at the coordinates a backup printed "
                + "(rds_set_external_master on a managed server, CHANGE MASTER elsewhere), start it, wait until "
                + "both threads run, and print the status.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replicating", "1:replication did not start", "2:bad usage, config or coordinates",
                "3:refused: the target already replicates, server_ids clash, or binlog settings do not allow it"})
public final class ReplicateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String clusterName;

    static final class Source {
        @Option(names = "--coordinates", paramLabel = "FILE|DIR|-", description = "A backup log, info file or backup directory.")
        String file;

        @Option(names = "--log-line", paramLabel = "LINE", description = "The backup tool's coordinates line itself.")
        String line;

        @Option(names = "--from", paramLabel = "s3://BUCKET/PREFIX", description = "A dbflip backup in S3: its coordinates.txt "
                + "(credentials from the AWS SDK's default chain).")
        String s3;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--to", paramLabel = "SIDE", description = "The side to make a replica (default: the cluster's second side).")
    String to;

    @Option(names = "--endpoint", paramLabel = "URL", description = "With --from: an S3-compatible endpoint (S3Proxy, MinIO); path-style.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "With --from: the AWS region (default: the SDK's region chain).")
    String region;

    @Option(names = "--dry-run", description = "Check and print the statements; change nothing.")
    boolean dryRun;

    @Option(names = "--reverse-filters", description = "Also make the source side ignore mysql.rds% tables, so it can "
            + "replicate back from a managed target later; prints the my.cnf line that keeps it.")
    boolean reverseFilters;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        DbflipConfig config = configOptions.load();
        ClusterConfig cluster = config.cluster(clusterName);
        SideConfig target = to == null ? cluster.sides().get(1) : cluster.side(to)
                .orElseThrow(() -> DbflipException.usage("--to: no side named '" + to + "' in " + clusterName));
        SideConfig src = cluster.other(target);
        Coordinates c = coordinates();
        System.out.println("coordinates: " + c);
        try (Opener opener = new Opener(); Server s = opener.open(src, src.admin()); Server t = opener.open(target, target.admin())) {
            ReplicationSetup setup = new ReplicationSetup(s, src, t, target);
            List<String> problems = setup.preconditions(c);
            System.out.println("on " + target.role() + " (" + target.address() + "):");
            setup.statements(c).forEach(q -> System.out.println("  " + q.display() + ";"));
            if (!problems.isEmpty()) {
                throw DbflipException.precondition("replicate refused:\n  " + String.join("\n  ", problems));
            }
            if (dryRun) {
                if (reverseFilters) {
                    System.out.println("on " + src.role() + ": " + s.dialect().ignoreRdsTables().stream().map(Sql::display).toList());
                }
                System.out.println("dry run: nothing was changed");
                return 0;
            }
            if (reverseFilters) {
                ReplicationSetup.ignoreRdsTables(s, src).forEach(System.out::println);
            }
            Map<String, Object> row = setup.run(c, 30);
            System.out.println(target.role() + " replicates from " + src.role() + ":");
            for (String k : List.of("Master_Host", "Master_Port", "Master_Log_File", "Read_Master_Log_Pos",
                    "Relay_Master_Log_File", "Exec_Master_Log_Pos", "Slave_IO_Running", "Slave_SQL_Running",
                    "Seconds_Behind_Master", "Replicate_Wild_Ignore_Table", "Source_Host", "Source_Port",
                    "Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source")) {
                if (row.containsKey(k)) {
                    System.out.println("  " + k + ": " + row.get(k));
                }
            }
            return 0;
        }
    }

    private Coordinates coordinates() {
        List<Coordinates> list;
        String origin = source.line != null ? "--log-line" : source.s3 != null ? source.s3 + "/coordinates.txt" : source.file;
        if (source.line != null) {
            list = new CoordinatesParser().parse(source.line, Which.SOURCE, "--log-line");
        } else if (source.s3 != null) {
            list = new CoordinatesParser().parse(readFromS3(), Which.SOURCE, origin);
        } else {
            ParseResult r = "-".equals(source.file) ? new BackupInput().read(System.in, "standard input")
                    : new BackupInput().read(Path.of(source.file));
            list = r.selectDefault().coordinates();
        }
        if (list.isEmpty()) {
            throw DbflipException.usage("no coordinates found in " + origin);
        }
        if (list.size() > 1) {
            throw DbflipException.usage("several replication channels in the coordinates (" + list.size()
                    + "); dbflip replicates one channel: pass the line of the one you want with --log-line");
        }
        return list.get(0);
    }

    /** coordinates.txt of the backup at --from; BackupLocation refuses an unfinished backup (exit 3). */
    private String readFromS3() {
        if (!S3Location.isS3(source.s3)) {
            throw DbflipException.usage("--from takes s3://BUCKET/PREFIX; for a local file or directory use --coordinates");
        }
        S3Location.parse(source.s3); // exit 2 on a malformed location before any client is built
        try (S3Client s3 = S3Clients.create(endpoint, region)) {
            return BackupLocation.readCoordinates(s3, source.s3);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.wrap("reading coordinates.txt from " + source.s3, e);
        }
    }
}
