package io.dbflip.fence;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.dbflip.DbflipException;
import io.dbflip.aws.Moto;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SecurityGroupFenceConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.sandbox.MotoServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The security-group fence against moto (issue 16): real security groups with ingress rules in EC2, a DB
 * cluster in RDS whose VpcSecurityGroupIds the fence swaps and the test reads back. One case stays on
 * WireMock: moto reports every membership {@code active} at once, so a swap that never settles needs a stub.
 */
class SecurityGroupFenceTest {
    Ec2Client ec2;
    RdsClient rds;
    String app;
    String admin;
    String clusterId;
    SecurityGroupFence fence;

    @BeforeEach
    void moto() {
        URI endpoint = Moto.endpoint();
        ec2 = Moto.ec2(endpoint);
        rds = Moto.rds(endpoint);
        fence = new SecurityGroupFence(c -> Moto.rds(endpoint), c -> Moto.ec2(endpoint), Duration.ofSeconds(5), Duration.ofMillis(10));
        clusterId = Moto.unique("users-7");
        app = ec2.createSecurityGroup(b -> b.groupName(Moto.unique("app")).description("app")).groupId();
        admin = ec2.createSecurityGroup(b -> b.groupName(Moto.unique("admin")).description("admin")).groupId();
    }

    void admit(String group, String cidr) {
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipPermissions(p -> p.ipProtocol("tcp").fromPort(3306)
                .toPort(3306).ipRanges(r -> r.cidrIp(cidr))));
    }

    void cluster(String... groups) {
        rds.createDBCluster(b -> b.dbClusterIdentifier(clusterId).engine("aurora-mysql").masterUsername("admin")
                .masterUserPassword("dbflip-moto-1").vpcSecurityGroupIds(groups));
    }

    List<String> groupsNow() {
        return rds.describeDBClusters(b -> b.dbClusterIdentifier(clusterId)).dbClusters().get(0).vpcSecurityGroups()
                .stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
    }

    FenceContext ctx(String endpoint, List<String> normal, List<String> restricted) {
        SecurityGroupFenceConfig sg = new SecurityGroupFenceConfig(clusterId, "us-east-1", endpoint, normal, restricted);
        SideConfig onprem = new SideConfig("onprem", "127.79.4.2", 3306, "mariadb", null, null, List.of(), "read-only", "kill", null, null);
        SideConfig aurora = new SideConfig("aurora", "127.79.4.3", 3306, "aurora-mysql-3", null, null, List.of(), "security-group", "rds-kill", null, sg);
        return new FenceContext(new ClusterConfig("users-7", Map.of(), List.of(onprem, aurora), List.of(), null, null), aurora, null);
    }

    FenceContext ctx() {
        return ctx(Moto.endpoint().toString(), List.of(app, admin), List.of(admin));
    }

    @Test
    void applySwapsTheClustersGroupsToTheRestrictedListAndLiftRestoresThem() {
        cluster(app, admin);
        FenceContext ctx = ctx();
        fence.apply(ctx);
        assertThat(groupsNow()).containsExactly(admin);
        fence.lift(ctx);
        assertThat(groupsNow()).containsExactly(app, admin);
        assertThat(fence.needsKill()).isTrue();
        assertThat(fence.name()).isEqualTo("security-group");
        assertThat(Fences.create("security-group")).isInstanceOf(SecurityGroupFence.class);
        assertThat(fence.describe(ctx, true)).singleElement().asString().contains("VpcSecurityGroupIds=[" + admin + "]");
    }

    @Test
    void aSwapThatNeverBecomesActiveFailsAtTheBound() {
        // WireMock: moto cannot hold a membership in "adding"
        WireMockServer wm = new WireMockServer(WireMockConfiguration.options().bindAddress("127.79.4.1").port(0));
        wm.start();
        try {
            URI endpoint = URI.create("http://127.79.4.1:" + wm.port());
            fence = new SecurityGroupFence(c -> Moto.rds(endpoint), c -> null, Duration.ofMillis(200), Duration.ofMillis(20));
            String ns = " xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"";
            String cluster = "<DBCluster><DBClusterIdentifier>" + clusterId + "</DBClusterIdentifier><Status>available</Status>"
                    + "<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-admin</VpcSecurityGroupId>"
                    + "<Status>adding</Status></VpcSecurityGroupMembership><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-app"
                    + "</VpcSecurityGroupId><Status>removing</Status></VpcSecurityGroupMembership></VpcSecurityGroups></DBCluster>";
            wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDBCluster")).willReturn(aResponse()
                    .withStatus(200).withBody("<ModifyDBClusterResponse" + ns + "><ModifyDBClusterResult>" + cluster
                            + "</ModifyDBClusterResult></ModifyDBClusterResponse>")));
            wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters")).willReturn(aResponse()
                    .withStatus(200).withBody("<DescribeDBClustersResponse" + ns + "><DescribeDBClustersResult><DBClusters>"
                            + cluster + "</DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>")));
            assertThatThrownBy(() -> fence.apply(ctx(endpoint.toString(), List.of("sg-app", "sg-admin"), List.of("sg-admin"))))
                    .isInstanceOf(DbflipException.class)
                    .hasMessageContaining("not [sg-admin] after").hasMessageContaining("sg-app=removing");
        } finally {
            wm.stop();
        }
    }

    @Test
    void preflightPassesWhenTheRestrictedGroupAdmitsDbflipAndTheReplicationPath() {
        admit(admin, "127.0.0.0/8");
        cluster(app, admin);
        assertThat(fence.preflight(ctx())).isEmpty();
        assertThat(groupsNow()).containsExactly(app, admin);
    }

    @Test
    void preflightNamesTheAddressTheRestrictedGroupDoesNotAdmit() {
        admit(admin, "10.20.0.0/16");
        cluster(app);
        List<String> problems = fence.preflight(ctx());
        assertThat(problems).anyMatch(p -> p.contains("do not admit the host running dbflip (127."));
        assertThat(problems).anyMatch(p -> p.contains("do not admit the replication path from onprem (127.79.4.2)")
                && p.contains("127.79.4.2/32"));
        assertThat(groupsNow()).containsExactly(app);
    }

    @Test
    void preflightReportsAMissingGroupAndAMissingCluster() {
        admit(admin, "127.0.0.0/8");
        assertThat(fence.preflight(ctx(Moto.endpoint().toString(), List.of(app), List.of("sg-0000dbf11p"))))
                .anyMatch(p -> p.contains("does not exist") && p.contains("sg-0000dbf11p"));
        assertThat(fence.preflight(ctx())).anyMatch(p -> p.contains("cannot describe DB cluster " + clusterId));
    }

    @Test
    void awsDownBeforeTheSwitchIsAPreflightProblemAndAFailedApply() {
        MotoServer own = Moto.start();
        URI endpoint = own.endpoint();
        own.kill();
        Moto.deleteQuietly(own.dir());
        fence = new SecurityGroupFence(c -> Moto.rds(endpoint), c -> Moto.ec2(endpoint), Duration.ofSeconds(1), Duration.ofMillis(10));
        FenceContext ctx = ctx(endpoint.toString(), List.of(app, admin), List.of(admin));
        assertThat(fence.preflight(ctx)).anyMatch(p -> p.contains("cannot describe security groups"));
        assertThatThrownBy(() -> fence.apply(ctx)).isInstanceOf(DbflipException.class)
                .hasMessageContaining("fencing " + clusterId + " by security groups failed");
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
