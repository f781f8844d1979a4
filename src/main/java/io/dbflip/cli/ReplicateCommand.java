package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

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
import io.dbflip.mysql.ReplicationStatus;
import io.dbflip.mysql.Server;
import io.dbflip.replicate.ReplicationPlan;
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
import java.util.concurrent.Callable;

/**
 * {@code dbflip replicate CLUSTER (--coordinates FILE | --log-line "…" | --from s3://BUCKET/PREFIX [--endpoint URL])
 * [--which source|self] [--to SIDE] [--dry-run] [--reverse-filters]}: by GTID auto-position when the coordinates
 * carry a GTID set and both servers write GTIDs, else by file and position; prints which and why.
 */
@Command(name = "replicate", mixinStandardHelpOptions = true,
        description = "Make the target side a replica of the source side at the coordinates a backup printed "
                + "(rds_set_external_source[_with_auto_position] on a managed server, CHANGE REPLICATION SOURCE / "
                + "CHANGE MASTER elsewhere): by GTID auto-position (gtid_purged / gtid_slave_pos set to the backup's "
                + "set) when the coordinates carry a GTID set and both servers write GTIDs, else by binlog file and "
                + "position. Prints the choice and why, the statements (password masked), starts it, waits until "
                + "both threads run, and prints the status.",
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

    @Option(names = "--which", paramLabel = "source|self", converter = CoordinatesCommand.WhichConverter.class,
            description = "Which position of the backup: source, the backed-up replica's position on its master"
                    + " (default; a backup with only the server's own position falls back to it, saying so); self"
                    + " (or own), the backed-up server's own binlog position — for a backup of the source side itself.")
    Which which;

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
        try (ServerOpener opener = new ServerOpener(); Server s = opener.open(src, src.admin()); Server t = opener.open(target, target.admin())) {
            ReplicationSetup setup = new ReplicationSetup(s, src, t, target);
            ReplicationPlan plan = setup.plan(c);
            List<String> problems = setup.preconditions(c, plan);
            if (plan.mode() != null) {
                System.out.println("mode: " + (plan.mode() == ReplicationPlan.Mode.GTID ? "GTID auto-position after "
                        + plan.gtidSet() : "binlog file/position " + c.binlogFile() + ":" + c.position()));
                plan.reasons().forEach(r -> System.out.println("  because " + r));
                System.out.println("on " + target.role() + " (" + target.address() + ")" + (dryRun ? " would run" : "") + ":");
                setup.statements(c, plan).forEach(q -> System.out.println("  " + q.display() + ";"));
            }
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
            ReplicationStatus st = setup.run(c, plan, 30);
            System.out.println(target.role() + " replicates from " + src.role() + ":");
            System.out.println("  source:          " + st.sourceHost() + ":" + st.sourcePort() + " as " + st.sourceUser());
            System.out.println("  threads:         IO " + (st.ioRunning() ? "running" : "stopped") + ", SQL "
                    + (st.sqlRunning() ? "running" : "stopped"));
            System.out.println("  read up to:      " + st.read());
            System.out.println("  applied up to:   " + st.executed());
            System.out.println("  GTID mode:       " + ("1".equals(st.gtidMode()) ? "auto-position"
                    : "0".equals(st.gtidMode()) ? "off (file/position)" : st.gtidMode()));
            if (st.executedGtids() != null) {
                System.out.println("  executed GTIDs:  " + st.executedGtids());
            }
            System.out.println("  seconds behind:  " + st.secondsBehind());
            if (st.wildIgnoreTable() != null) {
                System.out.println("  ignores tables:  " + st.wildIgnoreTable());
            }
            return 0;
        }
    }

    private Coordinates coordinates() {
        List<Coordinates> list;
        String origin = source.line != null ? "--log-line" : source.s3 != null ? source.s3 + "/coordinates.txt" : source.file;
        ParseResult r = source.line != null ? new CoordinatesParser().scan(source.line, "--log-line")
                : source.s3 != null ? new CoordinatesParser().scan(readFromS3(), origin)
                : "-".equals(source.file) ? new BackupInput().read(System.in, "standard input")
                : new BackupInput().read(Path.of(source.file));
        if (which == null) {
            // a replica's position on its master when there is one, else the server's own, saying so
            ParseResult.Selection sel = r.selectDefault();
            sel.notes().forEach(n -> System.out.println("note: " + n));
            list = sel.coordinates();
        } else {
            list = r.select(which);
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
