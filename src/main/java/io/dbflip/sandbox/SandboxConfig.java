package io.dbflip.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a sandbox tells the rest of dbflip: the config file (docs/dbflip.example.yaml's format) and
 * the environment lines of {@code dbflip sandbox env}. Passwords appear only as {@code file:}
 * references; the one secret {@code env} prints is the app password, which scripts need.
 */
final class SandboxConfig {
    static final String ONPREM_ADMIN = "onprem-admin";
    static final String AURORA_ADMIN = "aurora-admin";
    static final String REPL = "repl";
    static final String APP = "app";
    static final String APP_RO = "app_ro";
    static final String S3_ACCESS_KEY = "s3-access-key";
    static final String S3_SECRET_KEY = "s3-secret-key";
    static final List<String> PASSWORDS = List.of(ONPREM_ADMIN, AURORA_ADMIN, REPL, APP, APP_RO, S3_ACCESS_KEY, S3_SECRET_KEY);

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private SandboxConfig() {
    }

    static String providerName(String zone) {
        return zone.substring(0, zone.length() - 1).replace('.', '-');
    }

    static String yaml(SandboxLayout l, Engine engine) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by 'dbflip sandbox up' (slot ").append(l.slot()).append("). Passwords are file references.\n");
        y.append("journal: ").append(q(l.dir().resolve("journal").toString())).append("\n\n");
        y.append("dns_providers:\n");
        for (String zone : SandboxLayout.ZONES) {
            if (l.aws()) {
                // the zones live in moto's Route 53; credentials come from the default chain (sandbox env)
                y.append("  ").append(providerName(zone)).append(":\n")
                        .append("    type: route53\n")
                        .append("    hosted_zone_id: ").append(SandboxAws.zoneId(l, zone)).append("\n")
                        .append("    region: us-east-1\n")
                        .append("    endpoint: ").append(q(l.motoEndpoint())).append("\n");
                continue;
            }
            y.append("  ").append(providerName(zone)).append(":\n")
                    .append("    type: rfc2136\n")
                    .append("    server: ").append(q(l.dnsServer())).append("\n")
                    .append("    tsig:\n")
                    .append("      name: ").append(SandboxLayout.TSIG_KEY_NAME).append("\n")
                    .append("      algorithm: hmac-sha256\n")
                    .append("      secret: ").append(q("file:" + l.tsigSecretFile())).append("\n");
        }
        y.append("\ndefaults:\n  limits:\n    max_lag: 5s\n    catch_up_timeout: 5s\n    kill_grace: 0ms\n")
                .append("    max_ttl: 60\n    long_transaction: 10s\n    lock_wait_timeout: 2s\n\nclusters:\n");
        for (SandboxLayout.ClusterLayout c : l.clusterLayouts()) {
            y.append("  - name: ").append(c.name()).append("\n");
            y.append("    labels: {shard: ").append(c.index()).append("}\n");
            y.append("    sides:\n");
            side(y, l, "onprem", c.onpremA(), "auto", "dbflip", ONPREM_ADMIN, "read-only", "kill");
            side(y, l, "aurora", c.auroraB(), engine.managedFlavor().configName(), AuroraLike.ADMIN, AURORA_ADMIN,
                    l.aws() ? "security-group+account-lock" : "account-lock", "rds-kill");
            if (l.aws()) {
                // the DB cluster record in moto: the fence swaps its groups, then locks the accounts on the real server
                java.util.Properties ids = SandboxAws.ids(l);
                y.append("        security_group:\n          cluster_identifier: ").append(c.name())
                        .append("\n          region: us-east-1\n          endpoint: ").append(q(l.motoEndpoint()))
                        .append("\n          normal: [").append(ids.getProperty(SandboxAws.APP_GROUP)).append(", ")
                        .append(ids.getProperty(SandboxAws.ADMIN_GROUP)).append("]\n          restricted: [")
                        .append(ids.getProperty(SandboxAws.ADMIN_GROUP)).append("]\n");
            }
            y.append("    dns:\n");
            for (String zone : SandboxLayout.ZONES) {
                y.append("      - zone: ").append(zone).append("\n")
                        .append("        name: ").append(c.dnsName(zone)).append("\n")
                        .append("        type: A\n        ttl: 1\n")
                        .append("        provider: ").append(providerName(zone)).append("\n")
                        .append("        values: {onprem: ").append(c.onpremA().host())
                        .append(", aurora: ").append(c.auroraB().host()).append("}\n");
            }
            if (l.traffic()) {
                y.append("    traffic:\n      provider: haproxy\n      socket: ").append(q(HaproxyServer.socket(l).toString()))
                        .append("\n      backend: ").append(c.name()).append("\n      servers: {onprem: ")
                        .append(HaproxyServer.ONPREM).append(", aurora: ").append(HaproxyServer.AURORA).append("}\n");
            }
            y.append("    limits: {catch_up_timeout: 5s, kill_grace: 0ms, max_ttl: 60}\n");
        }
        return y.toString();
    }

    private static void side(StringBuilder y, SandboxLayout l, String role, SandboxLayout.ServerLayout s,
                             String flavor, String admin, String adminSecret, String fence, String kill) {
        y.append("      - role: ").append(role).append("\n")
                .append("        host: ").append(s.host()).append("\n")
                .append("        port: ").append(s.port()).append("\n")
                .append("        flavor: ").append(flavor).append("\n")
                .append("        admin: {user: ").append(admin).append(", password: ").append(ref(l, adminSecret)).append("}\n")
                .append("        replication: {user: repl, password: ").append(ref(l, REPL)).append("}\n")
                .append("        app_users:\n")
                .append("          - {user: app, password: ").append(ref(l, APP)).append("}\n")
                .append("          - {user: app_ro, password: ").append(ref(l, APP_RO)).append("}\n")
                .append("        fence: ").append(fence).append("\n")
                .append("        kill: ").append(kill).append("\n")
                .append(l.tls() ? "        tls: {mode: verify-identity, ca: " + q(l.caFile().toString()) + ", replication: true}\n"
                        : "        tls: {mode: disabled}\n");
    }

    private static String ref(SandboxLayout l, String secret) {
        return q("file:" + l.secret(secret));
    }

    /** A YAML double-quoted scalar. */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static Map<String, String> env(SandboxLayout l, String appPassword) {
        SandboxLayout.ClusterLayout c = l.cluster(1);
        Map<String, String> e = new LinkedHashMap<>();
        e.put("DBFLIP_CONFIG", l.configFile().toString());
        e.put("DBFLIP_CLUSTER", c.name());
        if (l.clusters() > 1) {
            e.put("DBFLIP_CLUSTERS", String.join(" ", l.clusterLayouts().stream().map(SandboxLayout.ClusterLayout::name).toList()));
        }
        e.put("DBFLIP_DNS_SERVER", l.dnsServer());
        e.put("DBFLIP_DNS_NAME", c.dnsName(SandboxLayout.ZONES.get(0)));
        e.put("DBFLIP_TSIG_KEY_FILE", l.tsigKeyFile().toString());
        e.put("DBFLIP_APP_USER", APP);
        e.put("DBFLIP_APP_PASSWORD", appPassword);
        e.put("DBFLIP_SERVER_ONPREM_A", c.onpremA().address());
        e.put("DBFLIP_SERVER_ONPREM_R", c.onpremR().address());
        e.put("DBFLIP_SERVER_AURORA_B", c.auroraB().address());
        e.put("DBFLIP_SANDBOX_DIR", l.dir().toString());
        // the S3 server: its keys stay in a 0600 shared-credentials file the SDK's default chain and awscli read
        e.put("DBFLIP_S3_ENDPOINT", l.s3Endpoint());
        e.put("DBFLIP_S3_BUCKET", SandboxLayout.S3_BUCKET);
        e.put("DBFLIP_SEED", l.seedLocation(c));
        e.put("AWS_SHARED_CREDENTIALS_FILE", l.awsCredentialsFile().toString());
        e.put("AWS_PROFILE", SandboxLayout.AWS_PROFILE);
        e.put("AWS_REGION", "us-east-1");
        // S3Proxy 2.6 rejects the checksum header awscli sends by default
        e.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        if (l.aws()) {
            // moto: Route 53, EC2 and RDS of a --aws moto sandbox (awscli: --endpoint-url "$DBFLIP_AWS_ENDPOINT")
            e.put("DBFLIP_AWS_ENDPOINT", l.motoEndpoint());
        }
        return e;
    }

    static String exportLines(Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        env.forEach((k, v) -> b.append("export ").append(k).append('=').append(shellQuote(v)).append('\n'));
        return b.toString();
    }

    static String shellQuote(String v) {
        if (!v.isEmpty() && SAFE.matcher(v).matches()) {
            return v;
        }
        return "'" + v.replace("'", "'\\''") + "'";
    }
}
