package io.dbflip.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where everything of one sandbox lives: slot N owns 127.77.N.0/24. Cluster k's servers are
 * 127.77.N.(10(k-1)+1..3) on port {@value #MYSQL_PORT} (so cluster 1 is .1, .2, .3), BIND is
 * 127.77.N.53 port {@value #DNS_PORT}, S3 127.77.N.80 port {@value #S3_PORT}, moto (with {@code --aws moto})
 * 127.77.N.81 port {@value #MOTO_PORT}. Addresses may repeat across kinds because the ports differ.
 */
public record SandboxLayout(Path dir, int slot, int clusters) {
    public static final int MYSQL_PORT = 3310;
    public static final int DNS_PORT = 5300;
    public static final List<String> ZONES = List.of("sandbox.internal.", "sandbox.example.");
    public static final String TSIG_KEY_NAME = "dbflip-sandbox";
    public static final int S3_PORT = 9000;
    public static final String S3_BUCKET = "dbflip-sandbox";

    public String subnet() {
        return "127.77." + slot + ".";
    }

    public String dnsAddress() {
        return subnet() + "53";
    }

    public String dnsServer() {
        return dnsAddress() + ":" + DNS_PORT;
    }

    public static final int MOTO_PORT = 5005;

    /** moto, the AWS emulator of a {@code --aws moto} sandbox (Route 53, EC2, RDS). */
    public String motoAddress() {
        return subnet() + "81";
    }

    public String motoEndpoint() {
        return "http://" + motoAddress() + ":" + MOTO_PORT;
    }

    /** moto's dir: its log, its pid and {@value #AWS_IDS}, the ids of what the sandbox made in it. */
    public Path awsDir() {
        return dir.resolve("aws");
    }

    public static final String AWS_IDS = "ids.properties";

    /** An AWS sandbox stays one: it has an aws dir once moto has been set up. */
    public boolean aws() {
        return java.nio.file.Files.isDirectory(awsDir());
    }

    /** HAProxy of a {@code --traffic haproxy} sandbox: its config, log, pid and runtime socket. */
    public Path haproxyDir() {
        return dir.resolve("haproxy");
    }

    /** A traffic sandbox stays one. */
    public boolean traffic() {
        return java.nio.file.Files.isDirectory(haproxyDir());
    }

    /** Where cluster c's HAProxy listener takes the apps' connections: 127.77.N.(base+4), port 3310. */
    public String proxyAddress(ClusterLayout c) {
        return c.subnet() + (c.base() + 4);
    }

    public String s3Address() {
        return subnet() + "80";
    }

    public String s3Endpoint() {
        return "http://" + s3Address() + ":" + S3_PORT;
    }

    /** S3Proxy's dir: its properties, log, pid and the objects (data/BUCKET/…). */
    public Path s3Dir() {
        return dir.resolve("s3");
    }

    /** Where cluster k's seed backup goes: s3://dbflip-sandbox/seed/CLUSTER. */
    public String seedLocation(ClusterLayout c) {
        return "s3://" + S3_BUCKET + "/seed/" + c.name();
    }

    /** The AWS shared-credentials file (0600) holding the S3 server's keys, profile {@value #AWS_PROFILE}. */
    public Path awsCredentialsFile() {
        return secretsDir().resolve("aws-credentials");
    }

    public static final String AWS_PROFILE = "dbflip-sandbox";

    public Path secretsDir() {
        return dir.resolve("secrets");
    }

    public Path secret(String name) {
        return secretsDir().resolve(name);
    }

    public Path configFile() {
        return dir.resolve("dbflip.yaml");
    }

    /** The sandbox's CA and the servers' certificates (a TLS sandbox only). */
    public Path tlsDir() {
        return dir.resolve("tls");
    }

    public Path caFile() {
        return tlsDir().resolve("ca.pem");
    }

    /** A TLS sandbox stays one: its servers require TLS once they have certificates. */
    public boolean tls() {
        return java.nio.file.Files.exists(caFile());
    }

    public Path dnsDir() {
        return dir.resolve("dns");
    }

    /** The TSIG secret (base64, 0600) that BindServer keeps in its dir: the config's rfc2136 providers read it. */
    public Path tsigSecretFile() {
        return dnsDir().resolve("KEY.secret");
    }

    /** The TSIG key in BIND's format, for {@code nsupdate -k}. */
    public Path tsigKeyFile() {
        return dnsDir().resolve("KEY.key");
    }

    public List<ClusterLayout> clusterLayouts() {
        return IntStream.rangeClosed(1, clusters).mapToObj(this::cluster).toList();
    }

    public ClusterLayout cluster(int k) {
        String name = clusters == 1 ? "sandbox" : "sandbox-" + k;
        Path cdir = clusters == 1 ? dir : dir.resolve(name);
        String dnsLabel = clusters == 1 ? "master" : "master-" + k;
        return new ClusterLayout(k, name, dnsLabel, cdir, subnet(), 10 * (k - 1), slot);
    }

    /** One cluster: its name, DNS label, and its three servers. */
    public record ClusterLayout(int index, String name, String dnsLabel, Path dir, String subnet, int base, int slot) {
        public ServerLayout onpremA() {
            return server("onprem-a", 1);
        }

        public ServerLayout onpremR() {
            return server("onprem-r", 2);
        }

        public ServerLayout auroraB() {
            return server("aurora-b", 3);
        }

        public List<ServerLayout> servers() {
            return List.of(onpremA(), onpremR(), auroraB());
        }

        /** server_id: slot*10+r for cluster 1 (as the brief fixes it), plus 10000*(k-1) for the others. */
        private ServerLayout server(String role, int r) {
            String label = name.equals("sandbox") ? role : name + "/" + role;
            return new ServerLayout(label, role, dir.resolve(role), subnet + (base + r), MYSQL_PORT,
                    10_000 * (index - 1) + slot * 10 + r);
        }

        public String dnsName(String zone) {
            return dnsLabel + "." + zone;
        }
    }

    /** One server: label (unique in the sandbox), role, dir, address and server_id. */
    public record ServerLayout(String label, String role, Path dir, String host, int port, int serverId) {
        public String address() {
            return host + ":" + port;
        }
    }
}
