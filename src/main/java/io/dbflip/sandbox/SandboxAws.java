package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What a {@code --aws moto} sandbox makes in moto: per zone of {@link SandboxLayout#ZONES} a Route 53 hosted
 * zone holding each cluster's master name (an A record to onprem-a, TTL 1, as BIND holds it); two EC2 security
 * groups, {@code app} and {@code admin} (admin admits 127.0.0.0/8 on the servers' port); per cluster an
 * Aurora-like DB cluster record named like the cluster, in both groups, for the security-group fence to swap.
 * moto keeps state in memory only: a moto that was restarted is set up again. The ids moto chose are kept in
 * {@code aws/ids.properties}; the config's route53 providers name the zones by them.
 */
public final class SandboxAws {
    public static final String APP_GROUP = "sg.app";
    public static final String ADMIN_GROUP = "sg.admin";
    private final SandboxLayout layout;
    private final StaticCredentialsProvider credentials;

    SandboxAws(SandboxLayout layout, String accessKey, String secretKey) {
        this.layout = layout;
        this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** The hosted zone id of {@code zone} (with its trailing dot), from the ids file. */
    public static String zoneId(SandboxLayout l, String zone) {
        return ids(l).getProperty("zone." + zone);
    }

    public static Properties ids(SandboxLayout l) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(l.awsDir().resolve(SandboxLayout.AWS_IDS))) {
            p.load(r);
        } catch (IOException e) {
            throw DbflipException.precondition("the AWS ids of the sandbox in " + l.dir() + " are missing ("
                    + e.getMessage() + "); run 'dbflip sandbox up --aws moto --dir " + l.dir() + "'");
        }
        return p;
    }

    /** Starts moto (unless ours runs) and sets it up when it was (re)started; returns its pid. */
    long ensure(Long knownPid, java.util.function.Consumer<String> progress) {
        Path dir = layout.awsDir();
        MotoServer running = knownPid == null ? null : MotoServer.attach(dir, layout.motoAddress(), SandboxLayout.MOTO_PORT);
        if (running != null && Files.exists(dir.resolve(SandboxLayout.AWS_IDS))) {
            return running.pid();
        }
        long t = System.nanoTime();
        MotoServer moto = running != null ? running : MotoServer.start(dir, layout.motoAddress(), SandboxLayout.MOTO_PORT);
        try {
            setUp(moto.endpoint());
        } catch (SdkException e) {
            moto.stop();
            throw DbflipException.failed("cannot set up moto at " + moto.endpoint() + ": " + e.getMessage()
                    + "; see " + dir.resolve("moto.log"), e);
        }
        progress.accept(String.format("aws (moto) up in %.1f s (%s; Route 53 zones %s, DB clusters %s)",
                (System.nanoTime() - t) / 1e9, layout.motoEndpoint(), SandboxLayout.ZONES,
                layout.clusterLayouts().stream().map(SandboxLayout.ClusterLayout::name).toList()));
        return moto.pid();
    }

    private void setUp(URI endpoint) {
        Properties ids = new Properties();
        try (Route53Client r53 = Route53Client.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String zone : SandboxLayout.ZONES) {
                String id = r53.createHostedZone(b -> b.name(zone).callerReference("dbflip-sandbox-" + layout.slot() + "-" + zone
                        + "-" + System.nanoTime())).hostedZone().id().replace("/hostedzone/", "");
                ids.setProperty("zone." + zone, id);
                r53.changeResourceRecordSets(b -> b.hostedZoneId(id).changeBatch(cb -> cb.comment("dbflip sandbox")
                        .changes(layout.clusterLayouts().stream().map(c -> software.amazon.awssdk.services.route53.model.Change
                                .builder().action(ChangeAction.UPSERT).resourceRecordSet(rs -> rs.name(c.dnsName(zone))
                                        .type(RRType.A).ttl(1L).resourceRecords(v -> v.value(c.onpremA().host()))).build()).toList())));
            }
        }
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             RdsClient rds = RdsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            String app = ec2.createSecurityGroup(b -> b.groupName("dbflip-sandbox-app").description("the apps' access")).groupId();
            String admin = ec2.createSecurityGroup(b -> b.groupName("dbflip-sandbox-admin").description("dbflip and replication only"))
                    .groupId();
            for (String g : List.of(app, admin)) {
                ec2.authorizeSecurityGroupIngress(b -> b.groupId(g).ipPermissions(p -> p.ipProtocol("tcp")
                        .fromPort(SandboxLayout.MYSQL_PORT).toPort(SandboxLayout.MYSQL_PORT).ipRanges(r -> r.cidrIp("127.0.0.0/8"))));
            }
            ids.setProperty(APP_GROUP, app);
            ids.setProperty(ADMIN_GROUP, admin);
            for (SandboxLayout.ClusterLayout c : layout.clusterLayouts()) {
                rds.createDBCluster(b -> b.dbClusterIdentifier(c.name()).engine("aurora-mysql").port(SandboxLayout.MYSQL_PORT)
                        .masterUsername(AuroraLike.ADMIN).manageMasterUserPassword(true).vpcSecurityGroupIds(app, admin));
            }
        }
        Path f = layout.awsDir().resolve(SandboxLayout.AWS_IDS);
        try (Writer w = Files.newBufferedWriter(f)) {
            ids.store(w, "what 'dbflip sandbox up --aws moto' made in moto at " + layout.motoEndpoint());
        } catch (IOException e) {
            throw DbflipException.failed("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
