package io.dbflip.fence;

import io.dbflip.config.FenceMethod;
import io.dbflip.DbflipException;
import io.dbflip.config.SecurityGroupFenceConfig;
import io.dbflip.config.SideConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code fence: security-group}: an Aurora admin has no SUPER, so the seed fenced Aurora by swapping
 * the cluster's security groups for a restricted list that admits only the host running dbflip and
 * the replication path (ModifyDBCluster VpcSecurityGroupIds, which replaces the whole list without
 * an outage). Open sessions survive a group change, so the kill step must always follow.
 */
public final class SecurityGroupFence implements Fence {
    private final Function<SecurityGroupFenceConfig, RdsClient> rdsFactory;
    private final Function<SecurityGroupFenceConfig, Ec2Client> ec2Factory;
    private final Duration bound;
    private final Duration interval;

    public SecurityGroupFence() {
        this(c -> configure(RdsClient.builder(), c).build(), c -> configure(Ec2Client.builder(), c).build(),
                Duration.ofSeconds(60), Duration.ofMillis(500));
    }

    public SecurityGroupFence(Function<SecurityGroupFenceConfig, RdsClient> rds, Function<SecurityGroupFenceConfig, Ec2Client> ec2,
                              Duration bound, Duration interval) {
        this.rdsFactory = rds;
        this.ec2Factory = ec2;
        this.bound = bound;
        this.interval = interval;
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(
            B b, SecurityGroupFenceConfig c) {
        b.region(Region.of(c.region()));
        if (c.endpoint() != null && !c.endpoint().isBlank()) {
            b.endpointOverride(URI.create(c.endpoint()));
        }
        if (b instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> s) {
            s.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return b;
    }

    @Override
    public String name() {
        return FenceMethod.SECURITY_GROUP.value();
    }

    @Override
    public boolean needsKill() {
        return true;
    }

    @Override
    public List<String> preflight(FenceContext ctx) {
        SecurityGroupFenceConfig c = config(ctx.side());
        List<String> problems = new ArrayList<>();
        if (c.restrictedGroups().isEmpty() || c.normalGroups().isEmpty()) {
            problems.add(ctx.side().role() + ": security_group.normal and .restricted must both list groups");
            return problems;
        }
        if (new HashSet<>(c.restrictedGroups()).equals(new HashSet<>(c.normalGroups()))) {
            problems.add(ctx.side().role() + ": security_group.restricted equals .normal: the fence would change nothing");
        }
        List<SecurityGroup> groups;
        try (Ec2Client ec2 = ec2Factory.apply(c)) {
            Set<String> wanted = new HashSet<>(c.normalGroups());
            wanted.addAll(c.restrictedGroups());
            groups = ec2.describeSecurityGroups(b -> b.groupIds(wanted)).securityGroups();
            Set<String> found = new HashSet<>(groups.stream().map(SecurityGroup::groupId).toList());
            wanted.stream().filter(g -> !found.contains(g)).sorted()
                    .forEach(g -> problems.add(ctx.side().role() + ": security group " + g + " does not exist"));
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            // EC2 (and moto) refuse the whole DescribeSecurityGroups when one id does not exist, naming it
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            problems.add(ctx.side().role() + ": " + ("InvalidGroup.NotFound".equals(code)
                    ? "a security group of " + c.normalGroups() + " / " + c.restrictedGroups() + " does not exist: "
                    + e.awsErrorDetails().errorMessage()
                    : "cannot describe security groups " + c.restrictedGroups() + ": " + e.getMessage()));
            return problems;
        } catch (SdkException e) {
            problems.add(ctx.side().role() + ": cannot describe security groups " + c.restrictedGroups() + ": " + e.getMessage());
            return problems;
        }
        List<SecurityGroup> restricted = groups.stream().filter(g -> c.restrictedGroups().contains(g.groupId())).toList();
        int port = ctx.side().port();
        String self = localAddressTowards(ctx.side().host(), port);
        String other = resolve(ctx.cluster().other(ctx.side()).host());
        for (var who : List.of(new String[]{"the host running dbflip", self}, new String[]{
                "the replication path from " + ctx.cluster().other(ctx.side()).role(), other})) {
            if (who[1] == null) {
                problems.add(ctx.side().role() + ": cannot tell the address of " + who[0] + " to check the restricted groups");
            } else if (!admits(restricted, who[1], port)) {
                problems.add(ctx.side().role() + ": restricted groups " + c.restrictedGroups() + " do not admit " + who[0]
                        + " (" + who[1] + ") on tcp/" + port + "; add an ingress rule for " + who[1] + "/32");
            }
        }
        try (RdsClient rds = rdsFactory.apply(c)) {
            cluster(rds, c);
        } catch (SdkException | DbflipException e) {
            problems.add(ctx.side().role() + ": cannot describe DB cluster " + c.clusterIdentifier() + ": " + e.getMessage());
        }
        return problems;
    }

    /** True when an ingress rule of one of the groups admits {@code address} on tcp {@code port}. */
    static boolean admits(List<SecurityGroup> groups, String address, int port) {
        for (SecurityGroup g : groups) {
            for (IpPermission p : g.ipPermissions()) {
                boolean proto = "-1".equals(p.ipProtocol()) || "tcp".equals(p.ipProtocol()) || "6".equals(p.ipProtocol());
                boolean ports = "-1".equals(p.ipProtocol()) || (p.fromPort() != null && p.toPort() != null
                        && p.fromPort() <= port && port <= p.toPort());
                if (proto && ports && p.ipRanges().stream().map(IpRange::cidrIp).anyMatch(cidr -> Cidr.contains(cidr, address))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<String> describe(FenceContext ctx, boolean on) {
        SecurityGroupFenceConfig c = config(ctx.side());
        return List.of("ModifyDBCluster " + c.clusterIdentifier() + " VpcSecurityGroupIds="
                + (on ? c.restrictedGroups() : c.normalGroups()) + ", then wait until they are active");
    }

    @Override
    public void apply(FenceContext ctx) {
        swap(config(ctx.side()), true);
    }

    @Override
    public void lift(FenceContext ctx) {
        swap(config(ctx.side()), false);
    }

    private void swap(SecurityGroupFenceConfig c, boolean on) {
        List<String> target = on ? c.restrictedGroups() : c.normalGroups();
        try (RdsClient rds = rdsFactory.apply(c)) {
            rds.modifyDBCluster(b -> b.dbClusterIdentifier(c.clusterIdentifier()).vpcSecurityGroupIds(target).applyImmediately(true));
            long deadline = System.nanoTime() + bound.toNanos();
            while (true) {
                List<VpcSecurityGroupMembership> now = cluster(rds, c).vpcSecurityGroups();
                Set<String> active = new HashSet<>(now.stream().filter(m -> "active".equals(m.status()))
                        .map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList());
                if (active.equals(new HashSet<>(target)) && now.size() == target.size()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw DbflipException.failed("security groups of " + c.clusterIdentifier() + " not " + target
                            + " after " + bound.toSeconds() + " s (now " + now.stream().map(m -> m.vpcSecurityGroupId()
                            + "=" + m.status()).toList() + ")");
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (SdkException e) {
            throw DbflipException.failed((on ? "fencing" : "unfencing") + " " + c.clusterIdentifier()
                    + " by security groups failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted while swapping the security groups of " + c.clusterIdentifier());
        }
    }

    private static DBCluster cluster(RdsClient rds, SecurityGroupFenceConfig c) {
        return rds.describeDBClusters(b -> b.dbClusterIdentifier(c.clusterIdentifier())).dbClusters().stream().findFirst()
                .orElseThrow(() -> DbflipException.precondition("no DB cluster " + c.clusterIdentifier()));
    }

    private static SecurityGroupFenceConfig config(SideConfig side) {
        if (side.securityGroup() == null) {
            throw DbflipException.usage(side.role() + ": fence security-group needs a security_group section");
        }
        return side.securityGroup();
    }

    /** The local address this host uses to reach {@code host} (a UDP connect sends no packet). */
    static String localAddressTowards(String host, int port) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port));
            return s.getLocalAddress().getHostAddress();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
