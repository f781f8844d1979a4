package io.dbflip.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.backup.S3Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

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
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RDS requests the SDK really sends for an import, against WireMock serving RDS's Query-API XML. */
class AuroraImporterTest {
    static final String NS = " xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"";

    WireMockServer wm;
    RdsClient rds;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.79.3.1").port(0));
        wm.start();
        rds = RdsClient.builder().endpointOverride(URI.create("http://127.79.3.1:" + wm.port()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .build();
    }

    @AfterEach
    void stop() {
        rds.close();
        wm.stop();
    }

    static ImportProfile profile() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("engine_version", "8.0.mysql_aurora.3.05.2");
        raw.put("source_engine_version", "8.0.36");
        raw.put("s3_ingestion_role_arn", "arn:aws:iam::123456789012:role/aurora-s3-import");
        raw.put("db_subnet_group", "prod-db");
        raw.put("vpc_security_groups", List.of("sg-0a1b2c3d", "sg-99"));
        raw.put("db_cluster_parameter_group", "aurora-binlog-row");
        raw.put("kms_key_id", "alias/aurora");
        raw.put("backup_retention_days", 7);
        raw.put("deletion_protection", true);
        raw.put("instance_class", "db.r6g.large");
        raw.put("instances", 2);
        raw.put("binlog_retention_hours", 72);
        raw.put("tags", Map.of("team", "dba"));
        return ImportProfile.from("standard", raw);
    }

    void stub(String action, String result) {
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<" + action + "Response" + NS + "><" + action + "Result>" + result + "</" + action + "Result>"
                                + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + action + "Response>")));
    }

    void stubBinlogFormat(String value) {
        stub("DescribeDBClusterParameters", "<Parameters><Parameter><ParameterName>autocommit</ParameterName>"
                + "<ParameterValue>1</ParameterValue></Parameter><Parameter><ParameterName>binlog_format</ParameterName>"
                + (value == null ? "" : "<ParameterValue>" + value + "</ParameterValue>") + "</Parameter></Parameters>");
    }

    static String cluster(String status) {
        return "<DBCluster><DBClusterIdentifier>users-7</DBClusterIdentifier><Status>" + status + "</Status>"
                + "<Endpoint>users-7.cluster-abc.us-east-1.rds.amazonaws.com</Endpoint>"
                + "<ReaderEndpoint>users-7.cluster-ro-abc.us-east-1.rds.amazonaws.com</ReaderEndpoint><Port>3306</Port>"
                + "<MasterUsername>admin</MasterUsername><VpcSecurityGroups><VpcSecurityGroupMembership>"
                + "<VpcSecurityGroupId>sg-0a1b2c3d</VpcSecurityGroupId><Status>active</Status>"
                + "</VpcSecurityGroupMembership></VpcSecurityGroups></DBCluster>";
    }

    @Test
    void importsWithTheProfilesSettingsWaitsAndCreatesInstances() {
        stubBinlogFormat("ROW");
        stub("RestoreDBClusterFromS3", cluster("creating"));
        // DescribeDBClusters: creating, creating, then available
        String[] states = {"creating", "creating", "available"};
        for (int i = 0; i < states.length; i++) {
            wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters"))
                    .inScenario("cluster").whenScenarioStateIs(i == 0 ? STARTED : "s" + i).willSetStateTo("s" + (i + 1))
                    .willReturn(aResponse().withStatus(200).withBody("<DescribeDBClustersResponse" + NS
                            + "><DescribeDBClustersResult><DBClusters>" + cluster(states[i])
                            + "</DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>")));
        }
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters"))
                .inScenario("cluster").whenScenarioStateIs("s3").willReturn(aResponse().withStatus(200).withBody(
                        "<DescribeDBClustersResponse" + NS + "><DescribeDBClustersResult><DBClusters>" + cluster("available")
                                + "</DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>")));
        stub("CreateDBInstance", "<DBInstance><DBInstanceIdentifier>users-7-1</DBInstanceIdentifier>"
                + "<DBInstanceStatus>creating</DBInstanceStatus></DBInstance>");
        stub("DescribeDBInstances", "<DBInstances><DBInstance><DBInstanceIdentifier>users-7-1</DBInstanceIdentifier>"
                + "<DBInstanceStatus>available</DBInstanceStatus></DBInstance></DBInstances>");

        AuroraImporter.Result r = new AuroraImporter(rds, new PrintStream(progress, true), Duration.ofSeconds(30),
                Duration.ofMillis(10)).run("users-7", new S3Location("backups", "users-7/2026-11-26"), profile());

        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusterParameters"))
                .withRequestBody(containing("DBClusterParameterGroupName=aurora-binlog-row")));
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RestoreDBClusterFromS3"))
                .withRequestBody(containing("DBClusterIdentifier=users-7"))
                .withRequestBody(containing("Engine=aurora-mysql"))
                .withRequestBody(containing("EngineVersion=8.0.mysql_aurora.3.05.2"))
                .withRequestBody(containing("SourceEngine=mysql"))
                .withRequestBody(containing("SourceEngineVersion=8.0.36"))
                .withRequestBody(containing("S3BucketName=backups"))
                .withRequestBody(containing("S3Prefix=users-7%2F2026-11-26%2F"))
                .withRequestBody(containing("S3IngestionRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Faurora-s3-import"))
                .withRequestBody(containing("DBSubnetGroupName=prod-db"))
                .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0a1b2c3d"))
                .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-99"))
                .withRequestBody(containing("DBClusterParameterGroupName=aurora-binlog-row"))
                .withRequestBody(containing("KmsKeyId=alias%2Faurora"))
                .withRequestBody(containing("StorageEncrypted=true"))
                .withRequestBody(containing("BackupRetentionPeriod=7"))
                .withRequestBody(containing("DeletionProtection=true"))
                .withRequestBody(containing("MasterUsername=admin"))
                .withRequestBody(containing("ManageMasterUserPassword=true"))
                .withRequestBody(containing("Tags.Tag.1.Key=team"))
                .withRequestBody(containing("Tags.Tag.1.Value=dba")));
        wm.verify(3, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters"))
                .withRequestBody(containing("DBClusterIdentifier=users-7")));
        for (String id : List.of("users-7-1", "users-7-2")) {
            wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBInstance"))
                    .withRequestBody(containing("DBInstanceIdentifier=" + id))
                    .withRequestBody(containing("DBClusterIdentifier=users-7"))
                    .withRequestBody(containing("Engine=aurora-mysql"))
                    .withRequestBody(containing("DBInstanceClass=db.r6g.large")));
            wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBInstances"))
                    .withRequestBody(containing("DBInstanceIdentifier=" + id)));
        }
        assertThat(r.writerEndpoint()).isEqualTo("users-7.cluster-abc.us-east-1.rds.amazonaws.com");
        assertThat(r.readerEndpoint()).isEqualTo("users-7.cluster-ro-abc.us-east-1.rds.amazonaws.com");
        assertThat(r.instances()).containsExactly("users-7-1", "users-7-2");
        assertThat(r.binlogRetentionStatement()).isEqualTo("CALL mysql.rds_set_configuration('binlog retention hours', 72)");
        assertThat(r.configYaml()).contains("host: users-7.cluster-abc.us-east-1.rds.amazonaws.com")
                .contains("cluster_identifier: users-7").contains("normal: [sg-0a1b2c3d]");
        assertThat(progress.toString()).contains("cluster users-7: creating").contains("cluster users-7 available");
    }

    @Test
    void aParameterGroupWithoutRowBinlogIsRefusedBeforeAnythingIsCreated() {
        stubBinlogFormat("MIXED");
        assertThatThrownBy(() -> new AuroraImporter(rds, new PrintStream(progress), Duration.ofSeconds(5), Duration.ofMillis(10))
                .run("users-7", new S3Location("backups", "users-7/x"), profile()))
                .isInstanceOf(DbflipException.class).hasMessageContaining("binlog_format=MIXED")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION));
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RestoreDBClusterFromS3")));
    }

    @Test
    void anUnsetBinlogFormatIsRefusedToo() {
        stubBinlogFormat(null);
        assertThatThrownBy(() -> new AuroraImporter(rds, new PrintStream(progress), Duration.ofSeconds(5), Duration.ofMillis(10))
                .requireRowBinlog("aurora-default"))
                .hasMessageContaining("binlog_format=(default: OFF)");
    }

    @Test
    void aClusterThatNeverBecomesAvailableFailsAtTheTimeout() {
        stubBinlogFormat("ROW");
        stub("RestoreDBClusterFromS3", cluster("creating"));
        stub("DescribeDBClusters", "<DBClusters>" + cluster("creating") + "</DBClusters>");
        assertThatThrownBy(() -> new AuroraImporter(rds, new PrintStream(progress), Duration.ofMillis(200), Duration.ofMillis(20))
                .run("users-7", new S3Location("backups", "users-7/x"), profile()))
                .isInstanceOf(DbflipException.class).hasMessageContaining("not available after PT0.2S");
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBInstance")));
    }

    @Test
    void aMasterPasswordFromASecretIsSentInsteadOfManagedOne() {
        Map<String, Object> raw = new LinkedHashMap<>(Map.of("engine_version", "8.0.mysql_aurora.3.05.2",
                "source_engine_version", "8.0.36", "s3_ingestion_role_arn", "arn:r", "db_cluster_parameter_group", "g",
                "instance_class", "db.r6g.large", "master_password", "env:DBFLIP_TEST_NEVER_SET"));
        ImportProfile p = ImportProfile.from("p", raw);
        stubBinlogFormat("ROW");
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
}
