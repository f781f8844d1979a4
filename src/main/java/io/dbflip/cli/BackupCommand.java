package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.backup.BackupRequest;
import io.dbflip.backup.BackupResult;
import io.dbflip.backup.BackupRunner;
import io.dbflip.backup.S3Location;
import io.dbflip.backup.UploadedObject;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dbflip backup CLUSTER --to s3://BUCKET/PREFIX [--from SIDE]}. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Take a physical backup (mariabackup/xtrabackup --backup --slave-info --stream=xbstream) of a "
                + "side, run on that side's host, and stream it gzipped to S3 as numbered objects with backup.json "
                + "and, last, coordinates.txt. AWS credentials come from the SDK's default chain.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the backup is complete (coordinates.txt written)",
                "1:the backup or upload failed (nothing usable left: no coordinates.txt)",
                "2:bad usage or config", "3:refused: no backup tool, source unreachable, or the prefix is not empty"})
public final class BackupCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER")
    String clusterName;

    @Option(names = "--to", required = true, paramLabel = "s3://BUCKET/PREFIX", description = "Where the backup goes; the prefix must be empty.")
    String to;

    @Option(names = "--from", paramLabel = "SIDE", description = "The side to back up (default: the cluster's first side). Back up a replica when you can.")
    String from;

    @Mixin
    S3Options s3Options;

    @Option(names = "--part-size", paramLabel = "MB", defaultValue = "8", description = "Multipart part size in MB (min 5; default ${DEFAULT-VALUE}).")
    int partSizeMb;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Parts uploaded at once (default ${DEFAULT-VALUE}); memory is (N+1) x part size.")
    int concurrency;

    @Option(names = "--max-object-size", paramLabel = "MB", defaultValue = "102400", description = "Start a new numbered object past this many MB (default ${DEFAULT-VALUE}).")
    long maxObjectMb;

    @Option(names = "--gzip-level", paramLabel = "1-9", defaultValue = "1", description = "gzip level (default ${DEFAULT-VALUE}: fast).")
    int gzipLevel;

    @Option(names = "--tool", paramLabel = "COMMAND", description = "The backup command, split on spaces (default: mariabackup, mariadb-backup or xtrabackup on PATH).")
    String tool;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "For the 0600 credentials file and the tool's log (default: a new temp dir).")
    Path workDir;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        if (partSizeMb < 5 || partSizeMb > 1024) {
            throw DbflipException.usage("--part-size must be 5..1024 MB, not " + partSizeMb);
        }
        if (gzipLevel < 1 || gzipLevel > 9) {
            throw DbflipException.usage("--gzip-level must be 1..9, not " + gzipLevel);
        }
        S3Location location = S3Location.parse(to);
        ClusterConfig cluster = configOptions.load().cluster(clusterName);
        SideConfig side = from == null ? cluster.sides().get(0) : cluster.side(from)
                .orElseThrow(() -> DbflipException.usage("--from: no side named '" + from + "' in cluster " + clusterName));
        List<String> command = BackupRunner.tool(tool);
        Path work = workDir != null ? workDir : Files.createTempDirectory("dbflip-backup");
        BackupRequest req = new BackupRequest(side.role(), side.host(), side.port(), side.admin().user(),
                side.admin().password().reveal(), location, command, partSizeMb * 1024 * 1024, concurrency,
                maxObjectMb * 1024 * 1024, gzipLevel, work);
        try (S3Client s3 = s3Options.client()) {
            BackupResult r = new BackupRunner(s3, ProgressOptions.output(spec)).run(req);
            System.out.println("backup of " + clusterName + "/" + side.role() + " complete: " + location);
            for (UploadedObject o : r.objects()) {
                System.out.println("  " + o.key() + "  " + o.size() + " bytes  sha256 " + o.sha256());
            }
            System.out.println("coordinates (" + location + "/coordinates.txt):");
            r.coordinatesLines().forEach(l -> System.out.println("  " + l));
            System.out.println("tool log: " + work.resolve("backup.log"));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw io.dbflip.aws.AwsErrors.wrap("backup to " + location, e);
        }
        return 0;
    }
}
