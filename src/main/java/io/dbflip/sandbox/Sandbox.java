package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.Failures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A local sandbox in one directory: per cluster an on-premise master (onprem-a), its replica
 * (onprem-r) and an Aurora-like server (aurora-b) seeded from a backup of onprem-r and replicating
 * from onprem-a; one BIND with the clusters' master names in two zones; a ready config file.
 * {@link #up} is idempotent: on a live sandbox it checks and returns, on a half-built one it
 * finishes the job. {@link #down} stops only the processes it started and removes the dir.
 */
public final class Sandbox {
    private static final String DNS = "dns";
    static final String S3 = "s3";
    static final String AWS = "aws";
    static final String HAPROXY = "haproxy";
    private final SandboxLayout layout;
    private SandboxState state;
    private final java.util.concurrent.CompletableFuture<S3ProxyServer> s3 = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean building;

    private Sandbox(SandboxLayout layout, SandboxState state) {
        this.layout = layout;
        this.state = state;
    }

    /** The directory the CLI uses when --dir is not given: $DBFLIP_SANDBOX_DIR, else ./sandbox-data. */
    public static Path defaultDir() {
        String env = System.getenv("DBFLIP_SANDBOX_DIR");
        return Path.of(env == null || env.isBlank() ? "sandbox-data" : env);
    }

    public static Sandbox up(Path dir, SandboxOptions options) {
        long t0 = System.nanoTime();
        Path d = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw DbflipException.usage("cannot create sandbox dir " + d + ": " + e.getMessage());
        }
        SandboxState old = SandboxState.read(d);
        if (old != null && old.engineValue() != options.engine()) {
            throw DbflipException.usage("the sandbox in " + d + " runs " + old.engine() + ", not "
                    + options.engine().configName() + "; run 'dbflip sandbox down --dir " + d + "' first, or pass --engine "
                    + old.engine());
        }
        if (old != null && old.clusters() != options.clusters()) {
            throw DbflipException.usage("the sandbox in " + d + " has " + old.clusters() + " cluster(s), not "
                    + options.clusters() + "; run 'dbflip sandbox down --dir " + d + "' first");
        }
        try (SlotAllocator.Claim claim = SlotAllocator.claim(d, old == null ? null : old.slot())) {
            if (old != null && old.slot() != claim.slot()) {
                // our slot went to another sandbox while ours was down: its addresses are baked into
                // replication settings, so rebuild from nothing on the new slot
                options.progress().accept("slot " + old.slot() + " is taken now; rebuilding on slot " + claim.slot());
                Processes.stop(old.pids().values(), d, 20);
                clearDir(d);
                old = null;
            }
            SandboxLayout layout = new SandboxLayout(d, claim.slot(), options.clusters());
            Sandbox sb = new Sandbox(layout, old != null ? old.withComplete(false)
                    : new SandboxState(d.toString(), claim.slot(), options.clusters(), Map.of(), false,
                    options.engine().configName()));
            sb.state.write(d);
            sb.build(options);
            sb.state = sb.state.withComplete(true);
            sb.state.write(d);
            options.progress().accept(String.format("sandbox up in %.1f s (%s, slot %d, %s)",
                    (System.nanoTime() - t0) / 1e9, options.engine().configName(), claim.slot(), d));
            return sb;
        }
    }

    /** The sandbox recorded in dir, or exit 3 when there is none. */
    public static Sandbox open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        SandboxState s = SandboxState.read(d);
        if (s == null) {
            throw DbflipException.precondition("no sandbox in " + d + "; run 'dbflip sandbox up --dir " + d + "'");
        }
        return new Sandbox(new SandboxLayout(d, s.slot(), s.clusters()), s);
    }

    private void build(SandboxOptions options) {
        building = true;
        ensureSecrets();
        if (options.tls()) {
            SandboxTls.ensure(layout);
            options.progress().accept("tls: CA and server certificates in " + layout.tlsDir());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, 1 + layout.clusters()));
        try {
            Map<String, Future<?>> work = new LinkedHashMap<>();
            work.put("starting the sandbox's DNS server", pool.submit(() -> ensureDns(options)));
            work.put("starting the sandbox's S3 server", pool.submit(() -> ensureS3(options)));
            if (options.aws() != null || layout.aws()) {
                work.put("starting the sandbox's AWS emulator (moto)", pool.submit(() -> ensureAws(options)));
            }
            for (SandboxLayout.ClusterLayout c : layout.clusterLayouts()) {
                work.put("building " + c.name(), pool.submit(() -> new ClusterBuilder(this, c, options).build()));
            }
            // every task ends (each step is bounded) before the first failure is thrown, so that a caller
            // cleaning up after it finds every process the sandbox started recorded in its state
            RuntimeException first = null;
            for (Map.Entry<String, Future<?>> w : work.entrySet()) {
                try {
                    Concurrency.join(w.getValue(), w.getKey());
                } catch (RuntimeException e) {
                    first = Failures.keepFirst(first, e);
                }
            }
            if (first != null) {
                throw first;
            }
            if (options.traffic() != null || layout.traffic()) {
                recordPid(HAPROXY, HaproxyServer.ensure(layout, state.pids().get(HAPROXY), options.progress()));
            }
        } finally {
            pool.shutdownNow();
        }
        try {
            Files.writeString(layout.configFile(), SandboxConfig.yaml(layout, options.engine()));
        } catch (IOException e) {
            throw DbflipException.failed("cannot write " + layout.configFile() + ": " + e.getMessage(), e);
        }
    }

    private void ensureDns(SandboxOptions options) {
        Long pid = state.pids().get(DNS);
        if (pid != null && Processes.ours(pid, layout.dir())) {
            return;
        }
        long t = System.nanoTime();
        List<String> records = new ArrayList<>();
        for (String zone : SandboxLayout.ZONES) {
            layout.clusterLayouts().forEach(c -> records.add(c.dnsName(zone) + " 1 IN A " + c.onpremA().host()));
        }
        BindServer bind = BindServer.start(layout.dnsDir(), layout.dnsAddress(), SandboxLayout.DNS_PORT,
                SandboxLayout.ZONES, SandboxLayout.TSIG_KEY_NAME, java.util.Set.of(), records);
        recordPid(DNS, bind.pid());
        options.progress().accept(String.format("dns up in %.1f s (%s)", (System.nanoTime() - t) / 1e9, layout.dnsServer()));
    }

    /** moto on 127.77.N.81 with the clusters' hosted zones, groups and DB cluster records (see SandboxAws). */
    private void ensureAws(SandboxOptions options) {
        long pid = new SandboxAws(layout, secret(SandboxConfig.S3_ACCESS_KEY), secret(SandboxConfig.S3_SECRET_KEY))
                .ensure(state.pids().get(AWS), options.progress());
        recordPid(AWS, pid);
    }

    /**
     * The sandbox's S3 server (S3Proxy on 127.77.N.80) with its bucket; the clusters' seed backups go
     * there. Completes {@link #s3Server()} either way, so a cluster builder waiting on it never hangs.
     */
    private void ensureS3(SandboxOptions options) {
        try {
            String access = secret(SandboxConfig.S3_ACCESS_KEY);
            String secretKey = secret(SandboxConfig.S3_SECRET_KEY);
            Long pid = state.pids().get(S3);
            S3ProxyServer server = pid != null && Processes.ours(pid, layout.dir())
                    ? S3ProxyServer.attach(layout.s3Dir(), layout.s3Address(), SandboxLayout.S3_PORT, access, secretKey) : null;
            if (server == null) {
                long t = System.nanoTime();
                server = S3ProxyServer.start(layout.s3Dir(), layout.s3Address(), SandboxLayout.S3_PORT, access, secretKey);
                recordPid(S3, server.pid());
                options.progress().accept(String.format("s3 up in %.1f s (%s)", (System.nanoTime() - t) / 1e9, layout.s3Endpoint()));
            }
            try (var client = server.client()) {
                if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(SandboxLayout.S3_BUCKET))) {
                    client.createBucket(b -> b.bucket(SandboxLayout.S3_BUCKET));
                }
            }
            s3.complete(server);
        } catch (RuntimeException e) {
            s3.completeExceptionally(e);
            throw e;
        }
    }

    /** The running S3 server of this sandbox (while {@code up} runs, waits until it has started it). */
    public S3ProxyServer s3Server() {
        if (building || s3.isDone()) {
            return Concurrency.join(s3, "starting the sandbox's S3 server");
        }
        S3ProxyServer attached = S3ProxyServer.attach(layout.s3Dir(), layout.s3Address(), SandboxLayout.S3_PORT,
                secret(SandboxConfig.S3_ACCESS_KEY), secret(SandboxConfig.S3_SECRET_KEY));
        if (attached == null) {
            throw DbflipException.precondition("the S3 server of the sandbox in " + layout.dir()
                    + " is not running; run 'dbflip sandbox up --dir " + layout.dir() + "'");
        }
        return attached;
    }

    synchronized void recordPid(String label, long pid) {
        state = state.withPid(label, pid);
        state.write(layout.dir());
    }

    /** Random passwords, written once, 0600; reused by a later up. (BindServer keeps the TSIG key.) */
    private void ensureSecrets() {
        try {
            Files.createDirectories(layout.secretsDir());
            Files.setPosixFilePermissions(layout.secretsDir(), PosixFilePermissions.fromString("rwx------"));
            SecureRandom rnd = new SecureRandom();
            for (String name : SandboxConfig.PASSWORDS) {
                if (!Files.exists(layout.secret(name))) {
                    writeSecret(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(rnd, 15)));
                }
            }
            // the same keys in the AWS shared-credentials format, so `env` can point the SDK's default chain
            // (and awscli) at them without printing them
            Path creds = layout.awsCredentialsFile();
            if (!Files.exists(creds)) {
                writeSecret(creds.getFileName().toString(), "[" + SandboxLayout.AWS_PROFILE + "]\naws_access_key_id = "
                        + secret(SandboxConfig.S3_ACCESS_KEY) + "\naws_secret_access_key = "
                        + secret(SandboxConfig.S3_SECRET_KEY) + "\n");
            }
        } catch (IOException e) {
            throw DbflipException.failed("cannot write the sandbox's secrets in " + layout.secretsDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static byte[] bytes(SecureRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private void writeSecret(String name, String value) throws IOException {
        Path p = layout.secret(name);
        Files.deleteIfExists(p);
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(p, value);
    }

    /** A secret of this sandbox (a password or the TSIG secret), for tests and the CLI's env. */
    public String secret(String name) {
        try {
            return Files.readString(layout.secret(name)).strip();
        } catch (IOException e) {
            throw DbflipException.precondition("sandbox secret " + layout.secret(name) + " is missing; run 'dbflip sandbox up'");
        }
    }

    public SandboxLayout layout() { return layout; }

    /** The sandbox's S3 (and moto) keys, for code that must hand them to an AWS SDK client. */
    public String s3AccessKey() { return secret(SandboxConfig.S3_ACCESS_KEY); }

    public String s3SecretKey() { return secret(SandboxConfig.S3_SECRET_KEY); }

    /** The servers' engine. */
    public Engine engine() { return state.engineValue(); }

    /** What seeding cluster k's aurora-b through S3 did (null when that seed predates this sandbox code). */
    public S3Seed.Report seedReport(int k) {
        return S3Seed.read(layout.cluster(k).dir().resolve("seed"));
    }

    public Path dir() { return layout.dir(); }

    public Path configFile() { return layout.configFile(); }

    /** One line per process: label, pid, alive (and ours), address. */
    public record ProcessStatus(String label, long pid, boolean alive, String address) {
    }

    public List<ProcessStatus> status() {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put(DNS, layout.dnsServer());
        addresses.put(S3, layout.s3Endpoint());
        if (layout.aws()) {
            addresses.put(AWS, layout.motoEndpoint());
        }
        if (layout.traffic()) {
            addresses.put(HAPROXY, HaproxyServer.socket(layout).toString());
        }
        layout.clusterLayouts().forEach(c -> c.servers().forEach(s -> addresses.put(s.label(), s.address())));
        List<ProcessStatus> out = new ArrayList<>();
        addresses.forEach((label, address) -> {
            Long pid = state.pids().get(label);
            out.add(new ProcessStatus(label, pid == null ? 0 : pid, pid != null && Processes.ours(pid, layout.dir()), address));
        });
        return out;
    }

    public boolean complete() {
        return state.complete();
    }

    /** {@code export NAME=value} lines, values shell-quoted, for {@code eval}. */
    public static String exportLines(Map<String, String> env) {
        return SandboxConfig.exportLines(env);
    }

    public Map<String, String> env() {
        return SandboxConfig.env(layout, secret(SandboxConfig.APP));
    }

    /** Stops the processes this sandbox started (SIGTERM, SIGKILL after 20 s) and removes its dir. */
    public void down() {
        stopProcesses();
        try {
            SandboxServer.deleteTree(layout.dir());
            if (!BindServer.journalDir(layout.dnsDir()).startsWith(layout.dir())) {
                SandboxServer.deleteTree(BindServer.journalDir(layout.dnsDir()));
            }
        } catch (IOException e) {
            throw DbflipException.failed("cannot remove " + layout.dir() + ": " + e.getMessage(), e);
        }
        removeLoopbackAddress(layout.dnsAddress());
        SlotAllocator.release(layout.slot(), layout.dir());
    }

    /**
     * After a failure: stops the processes this sandbox started, as {@link #down} does, but keeps its dir
     * and so the servers' logs; a later {@code sandbox down --dir} removes it.
     *
     * @return the log files kept
     */
    public List<Path> stopKeepingLogs() {
        stopProcesses();
        removeLoopbackAddress(layout.dnsAddress());
        SlotAllocator.release(layout.slot(), layout.dir());
        return logs();
    }

    /**
     * Stops a sandbox that {@link #up} left half-built (it threw): every process recorded in dir's state so
     * far. Keeps the dir and its logs; returns them (nothing when dir holds no sandbox).
     */
    public static List<Path> stopKeepingLogs(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        SandboxState s = SandboxState.read(d);
        return s == null ? List.of() : new Sandbox(new SandboxLayout(d, s.slot(), s.clusters()), s).stopKeepingLogs();
    }

    /** The servers' logs in the sandbox's dir (error.log, named.log, s3proxy.log, …). */
    public List<Path> logs() {
        try (Stream<Path> s = Files.find(layout.dir(), 4, (p, a) -> a.isRegularFile() && p.toString().endsWith(".log"))) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void stopProcesses() {
        List<Long> pids = new ArrayList<>(state.pids().values());
        // a server may have been started after the last state write: its own pid file names it too
        layout.clusterLayouts().forEach(c -> c.servers().forEach(s -> readPid(s.dir().resolve("dbflip.pid")).ifPresent(pids::add)));
        // and BIND, and whatever another Sandbox object (a later up that restarted a process) recorded
        readPid(layout.dnsDir().resolve("dbflip.pid")).ifPresent(pids::add);
        readPid(layout.s3Dir().resolve("s3proxy.pid")).ifPresent(pids::add);
        readPid(layout.awsDir().resolve("moto.pid")).ifPresent(pids::add);
        readPid(layout.haproxyDir().resolve("haproxy.pid")).ifPresent(pids::add);
        SandboxState onDisk = SandboxState.read(layout.dir());
        if (onDisk != null) {
            pids.addAll(onDisk.pids().values());
        }
        if (state.engineValue() == Engine.MYSQL) {
            // see SandboxServer.quietEventScheduler: MySQL's shutdown waits seconds for a running scheduler
            layout.clusterLayouts().stream().flatMap(c -> c.servers().stream()).parallel()
                    .forEach(s -> SandboxServer.quietEventScheduler(s.host(), s.port()));
        }
        Processes.stop(pids, layout.dir(), 20);
        List<Long> left = pids.stream().filter(p -> Processes.ours(p, layout.dir())).toList();
        if (!left.isEmpty()) {
            throw DbflipException.failed("processes " + left + " of the sandbox in " + layout.dir()
                    + " did not stop; kill them and remove the dir by hand");
        }
    }

    /** BindServer put the DNS address on lo; take it off again (best effort: it may be gone already). */
    private static void removeLoopbackAddress(String address) {
        try {
            Process p = new ProcessBuilder("ip", "addr", "del", address + "/32", "dev", "lo")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            // not root, or no ip tool: the address stays, harmlessly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.Optional<Long> readPid(Path f) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(f).strip()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void clearDir(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                SandboxServer.deleteTree(p);
            }
        } catch (IOException e) {
            throw DbflipException.failed("cannot clear " + d + ": " + e.getMessage(), e);
        }
    }
}
