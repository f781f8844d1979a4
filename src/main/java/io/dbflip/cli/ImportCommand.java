package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.aws.AuroraImporter;
import io.dbflip.aws.ImportProfile;
import io.dbflip.backup.BackupLocation;
import io.dbflip.backup.S3Location;
import io.dbflip.aws.S3Clients;
import io.dbflip.config.DbflipConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code dbflip import CLUSTER --from s3://BUCKET/PREFIX [--profile NAME] [--dry-run] [--timeout DURATION]}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Create an Aurora MySQL cluster from a dbflip backup in S3 (RestoreDBClusterFromS3) with the "
                + "standard settings of an import profile, create its instances, wait for them, and print the "
                + "endpoints, the binlog retention statement and the YAML to add to the cluster's config.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the cluster and its instances are available (or --dry-run printed the plan)",
                "1:the import failed or did not finish within --timeout", "2:bad usage or config",
                "3:refused: unfinished backup, or the parameter group lacks binlog_format=ROW"})
public final class ImportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "The cluster; also the new Aurora cluster's identifier unless --cluster-identifier.")
    String clusterName;

    @Option(names = "--from", required = true, paramLabel = "s3://BUCKET/PREFIX", description = "A complete dbflip backup.")
    String from;

    @Option(names = "--profile", defaultValue = "standard", paramLabel = "NAME", description = "import_profiles entry (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--cluster-identifier", paramLabel = "ID", description = "The new DB cluster's identifier (default: CLUSTER).")
    String clusterIdentifier;

    @Option(names = "--dry-run", description = "Check the backup and print what would be called; change nothing.")
    boolean dryRun;

    @Option(names = "--timeout", defaultValue = "6h", paramLabel = "DURATION", description = "How long to wait for the cluster and each instance (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--interval", defaultValue = "30s", paramLabel = "DURATION", description = "Polling interval (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the SDK's region chain).")
    String region;

    @Option(names = "--rds-endpoint", paramLabel = "URL", hidden = true, description = "Tests only: an RDS endpoint.")
    URI rdsEndpoint;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint for checking the backup.")
    URI s3Endpoint;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        DbflipConfig config = configOptions.load();
        config.cluster(clusterName);
        ImportProfile p = ImportProfile.from(profile, config.importProfiles() == null ? null : config.importProfiles().get(profile));
        S3Location location = S3Location.parse(from);
        String id = clusterIdentifier == null ? clusterName : clusterIdentifier;
        try (S3Client s3 = S3Clients.create(s3Endpoint, region)) {
            BackupLocation.s3(s3, location).readCoordinates(); // refuses an unfinished backup (exit 3)
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw io.dbflip.aws.AwsErrors.wrap("reading " + location, e);
        }
        var rdsBuilder = RdsClient.builder();
        if (region != null) {
            rdsBuilder.region(Region.of(region));
        }
        if (rdsEndpoint != null) {
            rdsBuilder.endpointOverride(rdsEndpoint);
        }
        try (RdsClient rds = rdsBuilder.build()) {
            AuroraImporter importer = new AuroraImporter(rds, ProgressOptions.output(spec), Durations.parse(timeout, "--timeout"),
                    Durations.parse(interval, "--interval"));
            if (dryRun) {
                importer.plan(id, location, p).forEach(l -> System.out.println("would: " + l));
                System.out.println("dry run: nothing was changed");
                return 0;
            }
            AuroraImporter.Result r = importer.run(id, location, p);
            System.out.println("Aurora cluster " + r.clusterIdentifier() + " is available");
            System.out.println("  writer endpoint: " + r.writerEndpoint() + ":" + r.port());
            System.out.println("  reader endpoint: " + r.readerEndpoint() + ":" + r.port());
            System.out.println("  instances: " + String.join(", ", r.instances()));
            System.out.println("as the master user, once reachable:");
            System.out.println("  " + r.binlogRetentionStatement() + ";");
            System.out.println("then: dbflip replicate " + clusterName + " --from " + from);
            System.out.println("add this side to cluster " + clusterName + " in the config:");
            System.out.println(r.configYaml());
            return 0;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw io.dbflip.aws.AwsErrors.wrap("import into Aurora cluster " + id, e);
        }
    }
}
