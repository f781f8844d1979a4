package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.backup.BackupLocation;
import io.dbflip.backup.BackupRunner;
import io.dbflip.backup.RestoreRunner;
import io.dbflip.backup.S3Location;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.sandbox.SandboxServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code dbflip restore CLUSTER --from s3://…|DIR --to SIDE [--datadir DIR]}. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a dbflip backup to a self-managed server: download, gunzip, mbstream/xbstream -x, "
                + "prepare, copy back into an empty datadir, and start it when it is a sandbox server. Without "
                + "--datadir (the server is on another host) it prints exactly what to run there.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored (or steps printed)", "1:a step failed", "2:bad usage or config",
                "3:refused: unfinished backup, datadir not empty, or tools missing"})
public final class RestoreCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER")
    String clusterName;

    @Option(names = "--from", required = true, paramLabel = "s3://BUCKET/PREFIX|DIR", description = "The backup.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "SIDE", description = "The side to restore (a self-managed server).")
    String to;

    @Option(names = "--datadir", paramLabel = "DIR", description = "The target's datadir on this host, empty or missing (its server stopped).")
    Path datadir;

    @Mixin
    S3Options s3Options;

    @Option(names = "--tool", paramLabel = "COMMAND", description = "The backup tool for --prepare/--copy-back (default: found on PATH).")
    String tool;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the backup is extracted and prepared (default: beside the datadir).")
    Path workDir;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        ClusterConfig cluster = configOptions.load().cluster(clusterName);
        SideConfig side = cluster.side(to)
                .orElseThrow(() -> DbflipException.usage("--to: no side named '" + to + "' in cluster " + clusterName));
        if (datadir == null) {
            System.out.println("the target " + side.role() + " (" + side.address() + ") is restored on its own host; run there:");
            RestoreRunner.remoteSteps(from, "/var/lib/mysql", s3Options.endpoint == null ? null : s3Options.endpoint.toString())
                    .forEach(s -> System.out.println("  " + s));
            return 0;
        }
        List<String> command = BackupRunner.tool(tool);
        Path work = workDir != null ? workDir : datadir.toAbsolutePath().getParent().resolve("dbflip-restore");
        RestoreRunner runner = new RestoreRunner(command, RestoreRunner.defaultExtractor(command))
                .progress(ProgressOptions.output(spec));
        RestoreRunner.Result r;
        if (S3Location.isS3(from)) {
            try (S3Client s3 = s3Options.client()) {
                r = runner.restore(BackupLocation.s3(s3, S3Location.parse(from)), datadir, work);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                throw io.dbflip.aws.AwsErrors.wrap("restore from " + from, e);
            }
        } else {
            r = runner.restore(BackupLocation.dir(Path.of(from)), datadir, work);
        }
        System.out.println("restored " + r.xbstreamBytes() + " bytes of xbstream into " + datadir);
        Path serverDir = datadir.toAbsolutePath().getParent();
        Integer serverId = sandboxServerId(serverDir);
        if (serverId != null) {
            SandboxServer s = SandboxServer.start(side.role(), serverDir, side.host(), side.port(), serverId, List.of());
            System.out.println("started sandbox server " + s + " (pid " + s.pid() + ")");
        } else {
            System.out.println("now: chown -R mysql:mysql " + datadir + " && systemctl start mariadb   (or mysql)");
        }
        System.out.println("coordinates:\n  " + r.coordinates().strip().replace("\n", "\n  "));
        System.out.println("then: dbflip replicate " + clusterName + " --to " + side.role() + " --from " + from);
        return 0;
    }

    /** A sandbox server's dir has the command line it was started with; its server id is reused. */
    static Integer sandboxServerId(Path serverDir) {
        Path cmd = serverDir.resolve("command.txt");
        try {
            if (Files.isRegularFile(cmd)) {
                Matcher m = Pattern.compile("--server-id=(\\d+)").matcher(Files.readString(cmd));
                return m.find() ? Integer.valueOf(m.group(1)) : null;
            }
        } catch (java.io.IOException e) {
            return null;
        }
        return null;
    }
}
