package io.dbflip.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.backup.S3Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import's control plane against moto (issue 16): the binlog check reads a real cluster parameter group,
 * the cluster the import makes is described until available, its instances are created and described, all in
 * moto's state. moto has no RestoreDBClusterFromS3: {@link MotoFront#restoreFromS3} records the SDK's request
 * (the test checks every parameter) and hands moto the same cluster as CreateDBCluster. A cluster that never
 * becomes available stays on WireMock: moto's clusters are available at once.
 */
class AuroraImporterTest {
    static final String NS = " xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"";

    MotoFront front;
    RdsClient rds;
    String id;
    String group;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        front = MotoFront.restoreFromS3(Moto.endpoint());
        rds = Moto.rds(front.endpoint());
        id = Moto.unique("users-7");
        group = Moto.unique("aurora-binlog-row");
    }

    @AfterEach
    void stop() {
        rds.close();
        front.close();
    }

    ImportProfile profile() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("engine_version", "8.0.mysql_aurora.3.05.2");
        raw.put("source_engine_version", "8.0.36");
        raw.put("s3_ingestion_role_arn", "arn:aws:iam::123456789012:role/aurora-s3-import");
        raw.put("db_subnet_group", "prod-db");
        raw.put("vpc_security_groups", List.of("sg-0a1b2c3d", "sg-99"));
        raw.put("db_cluster_parameter_group", group);
        raw.put("kms_key_id", "alias/aurora");
        raw.put("backup_retention_days", 7);
        raw.put("deletion_protection", true);
        raw.put("instance_class", "db.r6g.large");
        raw.put("instances", 2);
        raw.put("binlog_retention_hours", 72);
        raw.put("tags", Map.of("team", "dba"));
        return ImportProfile.from("standard", raw);
    }

    /** A cluster parameter group in moto; binlog_format set to {@code value} unless null. */
    void parameterGroup(String value) {
        rds.createDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("dbflip test"));
        rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(group).parameters(
                p -> p.parameterName("autocommit").parameterValue("1").applyMethod("pending-reboot")));
        if (value != null) {
            rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(group).parameters(
                    p -> p.parameterName("binlog_format").parameterValue(value).applyMethod("pending-reboot")));
        }
    }

    List<String> sent(String action) {
        return front.requests().stream().filter(r -> r.contains("Action=" + action + "&")).toList();
    }

    @Test
    void importsWithTheProfilesSettingsWaitsAndCreatesInstances() {
        parameterGroup("ROW");
        AuroraImporter.Result r = new AuroraImporter(rds, new PrintStream(progress, true), Duration.ofSeconds(30),
                Duration.ofMillis(10)).run(id, new S3Location("backups", "users-7/2026-11-26"), profile());

        assertThat(sent("DescribeDBClusterParameters")).singleElement().asString().contains("DBClusterParameterGroupName=" + group);
        assertThat(sent("RestoreDBClusterFromS3")).singleElement().asString()
                .contains("DBClusterIdentifier=" + id, "Engine=aurora-mysql", "EngineVersion=8.0.mysql_aurora.3.05.2",
                        "SourceEngine=mysql", "SourceEngineVersion=8.0.36", "S3BucketName=backups", "S3Prefix=users-7/2026-11-26/",
                        "S3IngestionRoleArn=arn:aws:iam::123456789012:role/aurora-s3-import", "DBSubnetGroupName=prod-db",
                        "VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0a1b2c3d", "VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-99",
                        "DBClusterParameterGroupName=" + group, "KmsKeyId=alias/aurora", "StorageEncrypted=true",
                        "BackupRetentionPeriod=7", "DeletionProtection=true", "MasterUsername=admin",
                        "ManageMasterUserPassword=true", "Tags.Tag.1.Key=team", "Tags.Tag.1.Value=dba");
        // the state the import left in moto, read back with a client of its own
        DBCluster c = rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
        assertThat(c.status()).isEqualTo("available");
        assertThat(c.vpcSecurityGroups()).extracting(VpcSecurityGroupMembership::vpcSecurityGroupId).containsExactly("sg-0a1b2c3d", "sg-99");
        assertThat(c.dbClusterMembers()).extracting(DBClusterMember::dbInstanceIdentifier).containsExactlyInAnyOrder(id + "-1", id + "-2");
        for (String instance : List.of(id + "-1", id + "-2")) {
            DBInstance i = rds.describeDBInstances(b -> b.dbInstanceIdentifier(instance)).dbInstances().get(0);
            assertThat(i.dbClusterIdentifier()).isEqualTo(id);
            assertThat(i.dbInstanceClass()).isEqualTo("db.r6g.large");
            assertThat(i.engine()).isEqualTo("aurora-mysql");
        }
        assertThat(r.writerEndpoint()).isEqualTo(c.endpoint()).startsWith(id + ".cluster-");
        assertThat(r.readerEndpoint()).isEqualTo(c.readerEndpoint()).startsWith(id + ".cluster-ro-");
        assertThat(r.instances()).containsExactly(id + "-1", id + "-2");
        assertThat(r.binlogRetentionStatement()).isEqualTo("CALL mysql.rds_set_configuration('binlog retention hours', 72)");
        assertThat(r.configYaml()).contains("host: " + c.endpoint())
                .contains("cluster_identifier: " + id).contains("normal: [sg-0a1b2c3d, sg-99]");
        assertThat(progress.toString()).contains("cluster " + id + " available");
    }

    @Test
    void aParameterGroupWithoutRowBinlogIsRefusedBeforeAnythingIsCreated() {
        parameterGroup("MIXED");
        assertThatThrownBy(() -> new AuroraImporter(rds, new PrintStream(progress), Duration.ofSeconds(5), Duration.ofMillis(10))
                .run(id, new S3Location("backups", "users-7/x"), profile()))
                .isInstanceOf(DbflipException.class).hasMessageContaining("binlog_format=MIXED")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION));
        assertThat(sent("RestoreDBClusterFromS3")).isEmpty();
        assertThatThrownBy(() -> rds.describeDBClusters(b -> b.dbClusterIdentifier(id))).isInstanceOf(DbClusterNotFoundException.class);
    }

    @Test
    void anUnsetBinlogFormatIsRefusedToo() {
        parameterGroup(null);
        assertThatThrownBy(() -> new AuroraImporter(rds, new PrintStream(progress), Duration.ofSeconds(5), Duration.ofMillis(10))
                .requireRowBinlog(group))
                .hasMessageContaining("binlog_format=(default: OFF)");
    }

    @Test
    void aClusterThatNeverBecomesAvailableFailsAtTheTimeout() {
        // WireMock: moto's clusters are available at once
        WireMockServer wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.79.3.1").port(0));
        wm.start();
        try (RdsClient stub = Moto.rds(URI.create("http://127.79.3.1:" + wm.port()))) {
            String cluster = "<DBCluster><DBClusterIdentifier>users-7</DBClusterIdentifier><Status>creating</Status></DBCluster>";
            stub(wm, "DescribeDBClusterParameters", "<Parameters><Parameter><ParameterName>binlog_format</ParameterName>"
                    + "<ParameterValue>ROW</ParameterValue></Parameter></Parameters>");
            stub(wm, "RestoreDBClusterFromS3", cluster);
            stub(wm, "DescribeDBClusters", "<DBClusters>" + cluster + "</DBClusters>");
            assertThatThrownBy(() -> new AuroraImporter(stub, new PrintStream(progress), Duration.ofMillis(200), Duration.ofMillis(20))
                    .run("users-7", new S3Location("backups", "users-7/x"), profile()))
                    .isInstanceOf(DbflipException.class).hasMessageContaining("not available after PT0.2S");
            wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBInstance")));
        } finally {
            wm.stop();
        }
    }

    static void stub(WireMockServer wm, String action, String result) {
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<" + action + "Response" + NS + "><" + action + "Result>" + result + "</" + action + "Result>"
                                + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + action + "Response>")));
    }

    @Test
    void aMasterPasswordFromASecretIsSentInsteadOfManagedOne() {
        Map<String, Object> raw = new LinkedHashMap<>(Map.of("engine_version", "8.0.mysql_aurora.3.05.2",
                "source_engine_version", "8.0.36", "s3_ingestion_role_arn", "arn:r", "db_cluster_parameter_group", group,
                "instance_class", "db.r6g.large", "master_password", "env:DBFLIP_TEST_NEVER_SET"));
        ImportProfile p = ImportProfile.from("p", raw);
        rds.createDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(group).dbParameterGroupFamily("aurora-mysql8.0")
                .description("dbflip test"));
        rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(group).parameters(
                x -> x.parameterName("binlog_format").parameterValue("ROW").applyMethod("pending-reboot")));
        assertThatThrownBy(() -> new AuroraImporter(rds, new PrintStream(progress), Duration.ofSeconds(1), Duration.ofMillis(10))
                .run("c", new S3Location("backups", "c/x"), p))
                .hasMessageContaining("import_profiles.p.master_password: environment variable DBFLIP_TEST_NEVER_SET is not set");
        assertThat(new AuroraImporter(rds, new PrintStream(progress), Duration.ofSeconds(1), Duration.ofMillis(10))
                .plan("c", new S3Location("backups", "c/x"), p)).anyMatch(l -> l.contains("password from env:DBFLIP_TEST_NEVER_SET"));
    }

    @Test
    void profileErrorsNameTheField() {
        assertThatThrownBy(() -> ImportProfile.from("standard", Map.of("engine_version", "x")))
                .hasMessageContaining("import_profiles.standard.source_engine_version is required");
        assertThatThrownBy(() -> ImportProfile.from("standard", Map.of("engine_versoin", "x")))
                .hasMessageContaining("import_profiles.standard.engine_versoin: unknown field");
    }

    @Test
    void theWaitersProgressReadsThePercentRdsReports() {
        assertThat(AuroraImporter.percent("creating 45%")).isEqualTo(45);
        assertThat(AuroraImporter.percent("available")).isZero();
        assertThat(AuroraImporter.percent("migrating 100%")).isEqualTo(100);
    }
}
