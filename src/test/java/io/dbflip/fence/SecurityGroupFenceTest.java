package io.dbflip.fence;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SecurityGroupFenceConfig;
import io.dbflip.config.SideConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

import java.net.URI;
import java.time.Duration;
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

/** The EC2 and RDS requests of the security-group fence, against WireMock serving their Query-API XML. */
class SecurityGroupFenceTest {
    static final String RDS_NS = " xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"";
    static final String EC2_NS = " xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

    WireMockServer wm;
    SecurityGroupFence fence;
    FenceContext ctx;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.79.4.1").port(0));
        wm.start();
        URI endpoint = URI.create("http://127.79.4.1:" + wm.port());
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
        fence = new SecurityGroupFence(
                c -> RdsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(creds)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                c -> Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(creds)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                Duration.ofSeconds(5), Duration.ofMillis(10));
        SecurityGroupFenceConfig sg = new SecurityGroupFenceConfig("users-7", "us-east-1", endpoint.toString(),
                List.of("sg-app", "sg-admin"), List.of("sg-admin"));
        SideConfig onprem = new SideConfig("onprem", "127.79.4.2", 3306, "mariadb", null, null, List.of(), "read-only", "kill", null, null);
        SideConfig aurora = new SideConfig("aurora", "127.79.4.3", 3306, "aurora-mysql-3", null, null, List.of(), "security-group", "rds-kill", null, sg);
        ctx = new FenceContext(new ClusterConfig("users-7", Map.of(), List.of(onprem, aurora), List.of(), null, null), aurora, null);
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    void rds(String action, String result) {
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action)).willReturn(aResponse().withStatus(200)
                .withBody("<" + action + "Response" + RDS_NS + "><" + action + "Result>" + result + "</" + action + "Result></" + action + "Response>")));
    }

    static String cluster(String... groupsAndStatus) {
        StringBuilder sb = new StringBuilder("<DBCluster><DBClusterIdentifier>users-7</DBClusterIdentifier><Status>available</Status><VpcSecurityGroups>");
        for (int i = 0; i < groupsAndStatus.length; i += 2) {
            sb.append("<VpcSecurityGroupMembership><VpcSecurityGroupId>").append(groupsAndStatus[i])
                    .append("</VpcSecurityGroupId><Status>").append(groupsAndStatus[i + 1]).append("</Status></VpcSecurityGroupMembership>");
        }
        return sb.append("</VpcSecurityGroups></DBCluster>").toString();
    }

    void ec2Groups(String adminCidr) {
        String body = "<DescribeSecurityGroupsResponse" + EC2_NS + "><requestId>r</requestId><securityGroupInfo>"
                + "<item><groupId>sg-app</groupId><groupName>app</groupName><ipPermissions/></item>"
                + "<item><groupId>sg-admin</groupId><groupName>admin</groupName><ipPermissions><item>"
                + "<ipProtocol>tcp</ipProtocol><fromPort>3306</fromPort><toPort>3306</toPort>"
                + "<ipRanges><item><cidrIp>" + adminCidr + "</cidrIp></item></ipRanges></item></ipPermissions></item>"
                + "</securityGroupInfo></DescribeSecurityGroupsResponse>";
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSecurityGroups"))
                .willReturn(aResponse().withStatus(200).withBody(body)));
    }

    @Test
    void applySwapsToTheRestrictedListAndWaitsUntilItIsActive() {
        rds("ModifyDBCluster", cluster("sg-admin", "adding", "sg-app", "removing"));
        String[] states = {cluster("sg-admin", "adding", "sg-app", "removing"), cluster("sg-admin", "active")};
        for (int i = 0; i < states.length; i++) {
            wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters")).inScenario("sg")
                    .whenScenarioStateIs(i == 0 ? STARTED : "s" + i).willSetStateTo("s" + (i + 1))
                    .willReturn(aResponse().withStatus(200).withBody("<DescribeDBClustersResponse" + RDS_NS
                            + "><DescribeDBClustersResult><DBClusters>" + states[i] + "</DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>")));
        }
        fence.apply(ctx);
        wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDBCluster"))
                .withRequestBody(containing("DBClusterIdentifier=users-7"))
                .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-admin"))
                .withRequestBody(containing("ApplyImmediately=true")));
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.2")));
        wm.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters")));
        assertThat(fence.needsKill()).isTrue();
        assertThat(fence.name()).isEqualTo("security-group");
        assertThat(Fences.create("security-group")).isInstanceOf(SecurityGroupFence.class);
    }

    @Test
    void liftRestoresTheNormalList() {
        rds("ModifyDBCluster", cluster("sg-admin", "active"));
        rds("DescribeDBClusters", "<DBClusters>" + cluster("sg-app", "active", "sg-admin", "active") + "</DBClusters>");
        fence.lift(ctx);
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDBCluster"))
                .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-app"))
                .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-admin")));
    }

    @Test
    void aSwapThatNeverBecomesActiveFailsAtTheBound() {
        fence = new SecurityGroupFence(c -> RdsClient.builder().endpointOverride(URI.create("http://127.79.4.1:" + wm.port()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build(),
                c -> null, Duration.ofMillis(200), Duration.ofMillis(20));
        rds("ModifyDBCluster", cluster("sg-admin", "adding"));
        rds("DescribeDBClusters", "<DBClusters>" + cluster("sg-admin", "adding", "sg-app", "removing") + "</DBClusters>");
        assertThatThrownBy(() -> fence.apply(ctx)).isInstanceOf(DbflipException.class)
                .hasMessageContaining("not [sg-admin] after").hasMessageContaining("sg-app=removing");
    }

    @Test
    void preflightPassesWhenTheRestrictedGroupAdmitsDbflipAndTheReplicationPath() {
        ec2Groups("127.0.0.0/8");
        rds("DescribeDBClusters", "<DBClusters>" + cluster("sg-app", "active", "sg-admin", "active") + "</DBClusters>");
        assertThat(fence.preflight(ctx)).isEmpty();
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSecurityGroups"))
                .withRequestBody(containing("GroupId.1=sg-")).withRequestBody(containing("GroupId.2=sg-")));
    }

    @Test
    void preflightNamesTheAddressTheRestrictedGroupDoesNotAdmit() {
        ec2Groups("10.20.0.0/16");
        rds("DescribeDBClusters", "<DBClusters>" + cluster("sg-app", "active") + "</DBClusters>");
        List<String> problems = fence.preflight(ctx);
        assertThat(problems).anyMatch(p -> p.contains("do not admit the host running dbflip (127."));
        assertThat(problems).anyMatch(p -> p.contains("do not admit the replication path from onprem (127.79.4.2)")
                && p.contains("127.79.4.2/32"));
        wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDBCluster")));
    }

    @Test
    void preflightReportsAMissingGroup() {
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSecurityGroups"))
                .willReturn(aResponse().withStatus(200).withBody("<DescribeSecurityGroupsResponse" + EC2_NS
                        + "><requestId>r</requestId><securityGroupInfo><item><groupId>sg-app</groupId><ipPermissions/></item>"
                        + "</securityGroupInfo></DescribeSecurityGroupsResponse>")));
        rds("DescribeDBClusters", "<DBClusters>" + cluster("sg-app", "active") + "</DBClusters>");
        assertThat(fence.preflight(ctx)).anyMatch(p -> p.contains("security group sg-admin does not exist"));
    }

    @Test
    void cidrMembership() {
        assertThat(Cidr.contains("10.0.0.0/8", "10.200.3.4")).isTrue();
        assertThat(Cidr.contains("10.0.0.0/9", "10.200.3.4")).isFalse();
        assertThat(Cidr.contains("0.0.0.0/0", "192.0.2.1")).isTrue();
        assertThat(Cidr.contains("192.0.2.7/32", "192.0.2.7")).isTrue();
        assertThat(Cidr.contains("192.0.2.7/32", "192.0.2.8")).isFalse();
    }
}
