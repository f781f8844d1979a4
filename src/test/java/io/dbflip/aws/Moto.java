package io.dbflip.aws;

import io.dbflip.sandbox.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One moto server per test JVM, on 127.83.0.1 and a free port, shared by the AWS tests (moto takes about two
 * seconds to start); stopped by a shutdown hook. Each test makes its own hosted zones, groups and clusters with
 * unique names, so tests never see each other's state. Needs the sid root with moto (bin/moto-root).
 */
public final class Moto {
    public static final String HOST = "127.83.0.1";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDDBFLIPMOTO", "dbflip-moto-secret"));
    private static MotoServer server;

    private Moto() {
    }

    public static synchronized MotoServer server() {
        if (server == null || !server.alive()) {
            server = start();
            MotoServer s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                s.stop();
                deleteQuietly(s.dir());
            }));
        }
        return server;
    }

    /** A moto of the caller's own (a fault test kills it); the caller stops it. */
    public static MotoServer start() {
        try {
            Path dir = Files.createTempDirectory("dbflip-moto-");
            return MotoServer.start(dir, HOST, freePort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A moto dir (its log and pid file) once its process is gone. */
    public static void deleteQuietly(Path dir) {
        try {
            io.dbflip.sandbox.SandboxServer.deleteTree(dir);
        } catch (IOException e) {
            // a temp dir: the next boot clears it
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    public static URI endpoint() {
        return server().endpoint();
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Route53Client route53() {
        return Route53Client.builder().endpointOverride(endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static RdsClient rds(URI endpoint) {
        return RdsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build()).build();
    }

    public static Ec2Client ec2(URI endpoint) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build()).build();
    }
}
