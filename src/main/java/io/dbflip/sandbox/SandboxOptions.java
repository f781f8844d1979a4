package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.util.function.Consumer;

/**
 * How to build a sandbox.
 *
 * @param clusters how many small clusters (1..{@value #MAX_CLUSTERS}), each with its own three servers
 *                 and DNS name; one cluster is called {@code sandbox}, several {@code sandbox-1..N}
 * @param progress where progress lines go ("onprem-a up in 0.9 s"); never receives a secret
 * @param tls      servers get a certificate from the sandbox's own CA and require TLS
 *                 (require_secure_transport=ON); replication uses SSL; the config says verify-identity
 * @param engine   the servers' software: MySQL (the default) or MariaDB
 * @param aws      "moto": moto runs on the slot's loopback address with the clusters' names in two Route 53 hosted
 *                 zones, security groups and an Aurora-like DB cluster record per cluster; the config's DNS
 *                 providers are route53. null: none (BIND and rfc2136)
 * @param traffic  "haproxy": HAProxy in front of each cluster, its backend moved by the flip (the config's traffic
 *                 section). null: none
 */
public record SandboxOptions(int clusters, Consumer<String> progress, boolean tls, Engine engine, String aws,
                             String traffic) {
    public static final String HAPROXY = "haproxy";
    public static final String MOTO = "moto";

    public static final int MAX_CLUSTERS = 25;

    public SandboxOptions {
        if (clusters < 1 || clusters > MAX_CLUSTERS) {
            throw DbflipException.usage("--clusters must be between 1 and " + MAX_CLUSTERS + ", got " + clusters);
        }
        progress = progress == null ? line -> { } : progress;
        engine = engine == null ? Engine.defaultEngine() : engine;
        if (aws != null && !aws.equals(MOTO)) {
            throw DbflipException.usage("--aws must be " + MOTO + " (the AWS emulator), got " + aws);
        }
        if (traffic != null && !traffic.equals(HAPROXY)) {
            throw DbflipException.usage("--traffic must be " + HAPROXY + ", got " + traffic);
        }
    }

    public SandboxOptions(int clusters, Consumer<String> progress, boolean tls, Engine engine) {
        this(clusters, progress, tls, engine, null, null);
    }

    public SandboxOptions withTraffic(String t) {
        return new SandboxOptions(clusters, progress, tls, engine, aws, t);
    }

    public SandboxOptions withAws(String a) {
        return new SandboxOptions(clusters, progress, tls, engine, a, traffic);
    }

    public SandboxOptions(int clusters, Consumer<String> progress, boolean tls) {
        this(clusters, progress, tls, null);
    }

    public SandboxOptions(int clusters, Consumer<String> progress) {
        this(clusters, progress, false, null);
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(1, null);
    }

    public SandboxOptions withClusters(int n) {
        return new SandboxOptions(n, progress, tls, engine, aws, traffic);
    }

    public SandboxOptions withProgress(Consumer<String> p) {
        return new SandboxOptions(clusters, p, tls, engine, aws, traffic);
    }

    public SandboxOptions withTls(boolean on) {
        return new SandboxOptions(clusters, progress, on, engine, aws, traffic);
    }

    public SandboxOptions withEngine(Engine e) {
        return new SandboxOptions(clusters, progress, tls, e, aws, traffic);
    }
}
