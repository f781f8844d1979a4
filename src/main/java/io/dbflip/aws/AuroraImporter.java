package io.dbflip.aws;

import io.dbflip.DbflipException;
import io.dbflip.backup.S3Location;
import io.dbflip.progress.Progress;
import io.dbflip.progress.ProgressOutput;
import io.dbflip.progress.Unit;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromS3Request;
import software.amazon.awssdk.services.rds.model.Tag;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code dbflip import}: the Aurora import of a dbflip backup with a profile's standard settings.
 * Checks the cluster parameter group has binlog_format=ROW (so the old side can replicate back),
 * restores the cluster from S3, waits for it with its own bound (the SDK waiter's ~30 minutes is
 * too short for large imports), creates the writer and readers, waits for them, and returns the
 * endpoints, the binlog retention statement and the YAML for the cluster's config.
 */
public final class AuroraImporter {
    private final RdsClient rds;
    private final ProgressOutput progress;
    private final Duration timeout;
    private final Duration interval;

    public AuroraImporter(RdsClient rds, PrintStream progress, Duration timeout, Duration interval) {
        this(rds, ProgressOutput.plain(progress, ProgressOutput.PLAIN_EVERY), timeout, interval);
    }

    /** Each wait draws its progress (RDS's PercentProgress when it gives one, the status, the time waited). */
    public AuroraImporter(RdsClient rds, ProgressOutput progress, Duration timeout, Duration interval) {
        this.rds = rds;
        this.progress = progress;
        this.timeout = timeout;
        this.interval = interval;
    }

    public record Result(String clusterIdentifier, String writerEndpoint, String readerEndpoint, int port,
                         List<String> instances, String binlogRetentionStatement, String configYaml) {
    }

    /** What {@link #run} would call, printable (no secrets). */
    public List<String> plan(String clusterId, S3Location from, ImportProfile p) {
        List<String> l = new ArrayList<>();
        l.add("check cluster parameter group " + p.dbClusterParameterGroup() + " has binlog_format=ROW");
        l.add("RestoreDBClusterFromS3 " + clusterId + ": aurora-mysql " + p.engineVersion() + " from mysql "
                + p.sourceEngineVersion() + " backup " + from + ", role " + p.s3IngestionRoleArn() + ", subnet group "
                + p.dbSubnetGroup() + ", security groups " + p.vpcSecurityGroups() + ", KMS " + p.kmsKeyId()
                + ", retention " + p.backupRetentionDays() + " d, deletion protection " + p.deletionProtection()
                + ", master " + p.masterUsername() + (p.masterPassword() == null ? " (password managed by RDS)"
                : " (password from " + p.masterPassword().source() + ")") + ", tags " + p.tags());
        l.add("wait until the cluster is available (at most " + timeout + ")");
        for (String id : instanceIds(clusterId, p)) {
            l.add("CreateDBInstance " + id + " (" + p.instanceClass() + ")");
        }
        l.add("wait until the instances are available");
        l.add("then, as the master user: " + binlogRetention(p));
        return l;
    }

    public Result run(String clusterId, S3Location from, ImportProfile p) {
        requireRowBinlog(p.dbClusterParameterGroup());
        rds.restoreDBClusterFromS3(request(clusterId, from, p));
        progress.note("import of " + from + " into Aurora cluster " + clusterId + " started");
        DBCluster cluster = await("cluster " + clusterId, () -> describeCluster(clusterId)
                .filter(c -> "available".equals(c.status())).orElse(null), () -> describeCluster(clusterId).map(AuroraImporter::status).orElse("absent"));
        List<String> ids = instanceIds(clusterId, p);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            int tier = i;
            rds.createDBInstance(b -> b.dbInstanceIdentifier(id).dbClusterIdentifier(clusterId).engine("aurora-mysql")
                    .dbInstanceClass(p.instanceClass()).promotionTier(tier).tags(tags(p)));
            progress.note("instance " + id + " (" + p.instanceClass() + ") requested");
        }
        for (String id : ids) {
            await("instance " + id, () -> describeInstance(id).filter(d -> "available".equals(d.dbInstanceStatus())).orElse(null),
                    () -> describeInstance(id).map(DBInstance::dbInstanceStatus).orElse("absent"));
        }
        int port = cluster.port() == null ? 3306 : cluster.port();
        return new Result(clusterId, cluster.endpoint(), cluster.readerEndpoint(), port, ids, binlogRetention(p),
                yaml(clusterId, cluster, port));
    }

    static String binlogRetention(ImportProfile p) {
        return "CALL mysql.rds_set_configuration('binlog retention hours', " + p.binlogRetentionHours() + ")";
    }

    /** Refuses (exit 3) unless the group sets binlog_format to ROW: Aurora's default OFF replicates nothing out. */
    void requireRowBinlog(String group) {
        Optional<Parameter> binlog = rds.describeDBClusterParametersPaginator(b -> b.dbClusterParameterGroupName(group))
                .parameters().stream().filter(x -> "binlog_format".equals(x.parameterName())).findFirst();
        String value = binlog.map(Parameter::parameterValue).orElse(null);
        if (!"ROW".equalsIgnoreCase(value)) {
            throw DbflipException.precondition("cluster parameter group " + group + " has binlog_format="
                    + (value == null ? "(default: OFF)" : value) + "; set it to ROW (aws rds modify-db-cluster-parameter-group "
                    + "--db-cluster-parameter-group-name " + group + " --parameters "
                    + "ParameterName=binlog_format,ParameterValue=ROW,ApplyMethod=pending-reboot) so the old side can "
                    + "replicate from Aurora after a flip");
        }
    }

    private RestoreDbClusterFromS3Request request(String clusterId, S3Location from, ImportProfile p) {
        var b = RestoreDbClusterFromS3Request.builder()
                .dbClusterIdentifier(clusterId)
                .engine("aurora-mysql")
                .engineVersion(p.engineVersion())
                .sourceEngine("mysql")
                .sourceEngineVersion(p.sourceEngineVersion())
                .s3BucketName(from.bucket())
                .s3Prefix(from.prefix() + "/")
                .s3IngestionRoleArn(p.s3IngestionRoleArn())
                .dbClusterParameterGroupName(p.dbClusterParameterGroup())
                .deletionProtection(p.deletionProtection())
                .masterUsername(p.masterUsername())
                .tags(tags(p));
        if (p.dbSubnetGroup() != null) {
            b.dbSubnetGroupName(p.dbSubnetGroup());
        }
        if (!p.vpcSecurityGroups().isEmpty()) {
            b.vpcSecurityGroupIds(p.vpcSecurityGroups());
        }
        if (p.kmsKeyId() != null) {
            b.kmsKeyId(p.kmsKeyId()).storageEncrypted(true);
        }
        if (p.backupRetentionDays() != null) {
            b.backupRetentionPeriod(p.backupRetentionDays());
        }
        if (p.masterPassword() == null) {
            b.manageMasterUserPassword(true);
        } else {
            b.masterUserPassword(p.masterPassword().reveal());
        }
        return b.build();
    }

    private static List<Tag> tags(ImportProfile p) {
        List<Tag> tags = new ArrayList<>();
        p.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        tags.add(Tag.builder().key("created-by").value("dbflip").build());
        return tags;
    }

    static List<String> instanceIds(String clusterId, ImportProfile p) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= Math.max(1, p.instances()); i++) {
            ids.add(clusterId + "-" + i);
        }
        return ids;
    }

    /** The status, with RDS's PercentProgress when it reports one ("creating 45%"). */
    private static String status(DBCluster c) {
        return c.percentProgress() == null || c.percentProgress().isBlank() ? c.status() : c.status() + " " + c.percentProgress().trim() + "%";
    }

    private Optional<DBCluster> describeCluster(String id) {
        return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().stream().findFirst();
    }

    private Optional<DBInstance> describeInstance(String id) {
        return rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
    }

    /**
     * Polls until {@code done} gives a value, bounded by the timeout. Each status change is a line of
     * its own (in a log); the progress shows the percent RDS reports (when it does), the status and the
     * time waited, and an ETA at the rate so far.
     */
    private <T> T await(String what, Supplier<T> done, Supplier<String> status) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = null;
        boolean lines = progress.mode() != ProgressOutput.Mode.TERMINAL;
        try (Progress bar = progress.start(what, 100, Unit.PERCENT)) {
            while (true) {
                T value = done.get();
                if (value != null) {
                    bar.update(100, "available");
                    progress.note(what + " available after " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
                    return value;
                }
                String s = status.get();
                bar.update(percent(s), s);
                if (!s.equals(last) && lines) {
                    progress.note(what + ": " + s + " (" + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s)");
                }
                last = s;
                if (s.contains("fail") || s.startsWith("incompatible-restore") || s.startsWith("incompatible-parameters")) {
                    throw DbflipException.failed(what + " is " + s + "; see the RDS events of " + what
                            + " (aws rds describe-events) and the import's S3 files");
                }
                if (System.nanoTime() > deadline) {
                    throw DbflipException.failed(what + " not available after " + timeout + " (status " + s
                            + "); it may still finish: rerun with a longer --timeout or watch it in the console");
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw DbflipException.failed("interrupted while waiting for " + what);
                }
            }
        }
    }

    /** The percent at the end of a status ("creating 45%"), else 0. */
    static long percent(String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,3})%$").matcher(status);
        return m.find() ? Math.min(100, Long.parseLong(m.group(1))) : 0;
    }

    private static String yaml(String clusterId, DBCluster c, int port) {
        return String.join("\n",
                "      - role: aurora",
                "        host: " + c.endpoint(),
                "        port: " + port,
                "        flavor: aurora-mysql-3          # aurora-mysql-2 for a 5.7-compatible cluster",
                "        admin: {user: " + c.masterUsername() + ", password: env:AURORA_ADMIN_PW}",
                "        replication: {user: repl, password: env:DBFLIP_REPL_PW}",
                "        fence: security-group",
                "        kill: rds-kill",
                "        security_group:",
                "          cluster_identifier: " + clusterId,
                "          normal: " + c.vpcSecurityGroups().stream().map(g -> g.vpcSecurityGroupId()).toList(),
                "          restricted: []              # a group that admits only dbflip's host and the replication path");
    }
}
