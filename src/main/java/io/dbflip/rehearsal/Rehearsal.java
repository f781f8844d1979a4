package io.dbflip.rehearsal;

import io.dbflip.sandbox.Engine;
import io.dbflip.sandbox.S3Seed;
import io.dbflip.sandbox.Sandbox;
import io.dbflip.sandbox.SandboxOptions;

import io.dbflip.flip.ServerOpener;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipListener;
import io.dbflip.flip.FlipOperation;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;
import io.dbflip.flip.Topology;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.objects.ApplyReport;
import io.dbflip.objects.DefinerPolicy;
import io.dbflip.objects.ObjectsMigration;
import io.dbflip.verify.ChecksumReport;
import io.dbflip.verify.InSync;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;
import io.dbflip.verify.TableChecksum;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The full local rehearsal: a sandbox (seeded the seed's way), the objects step, a probe writing
 * through DNS, flips back and forth under it, the probe's check of every server, table checksums,
 * and the reports. {@code dbflip demo} runs it with two flips; bench/flip-blackout with many.
 */
public final class Rehearsal {
    /**
     * @param tls    a TLS sandbox (sandbox up --tls): servers require TLS, dbflip verifies their identity
     * @param engine the sandbox's servers: MySQL or MariaDB (null: the default, MySQL)
     * @param dns    "route53": the records live in moto's Route 53 (sandbox --aws moto) and the probe reads them
     *               through the Route 53 API; null or "rfc2136": BIND
     * @param traffic "haproxy": HAProxy in front of each cluster (sandbox --traffic haproxy), moved at the DNS step;
     *                the probe connects through it instead of resolving the name
     */
    public record Options(Path dir, int flips, int rate, long pauseMillis, boolean keep, boolean tls, int clusters,
                          Engine engine, String dns, String traffic) {
        public Options {
            if (dns != null && !dns.equals("route53") && !dns.equals("rfc2136")) {
                throw io.dbflip.DbflipException.usage("--dns must be route53 or rfc2136, got " + dns);
            }
        }

        public Options(Path dir, int flips, int rate, long pauseMillis, boolean keep, boolean tls, int clusters,
                       Engine engine) {
            this(dir, flips, rate, pauseMillis, keep, tls, clusters, engine, null, null);
        }

        boolean route53() {
            return "route53".equals(dns);
        }

        public Options(Path dir, int flips, int rate, long pauseMillis, boolean keep, boolean tls, int clusters) {
            this(dir, flips, rate, pauseMillis, keep, tls, clusters, null);
        }

        public Options(Path dir, int flips, int rate, long pauseMillis, boolean keep, boolean tls) {
            this(dir, flips, rate, pauseMillis, keep, tls, 1);
        }

        public Options(Path dir, int flips, int rate, long pauseMillis, boolean keep) {
            this(dir, flips, rate, pauseMillis, keep, false, 1);
        }
    }

    /** One cluster's part of the rehearsal: its flips, its probe and what reading both sides found. */
    public record ClusterRun(String cluster, List<FlipReport> flips, ProbeResult probe, ProbeCheck.Outcome check,
                             ChecksumReport checksum, List<Double> clientBlackouts) {
        public boolean ok() {
            return check.clean() && checksum.inSync() && flips.stream().allMatch(f -> f.outcome().equals("completed"));
        }
    }

    public record Result(List<ClusterRun> clusters, S3Seed.Report seed) {
        public boolean ok() {
            return clusters.stream().allMatch(ClusterRun::ok);
        }

        public List<FlipReport> flips() {
            return clusters.stream().flatMap(c -> c.flips().stream()).toList();
        }
    }

    private final Options o;
    private final PrintStream out;

    public Rehearsal(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    /**
     * Runs the rehearsal. Whatever happens, it ends every process it started: on success it removes the
     * sandbox (unless {@code keep}); on a failure (an exception or a failed check) it stops the processes
     * and keeps the sandbox's dir with the servers' logs, and says where they are.
     */
    public Result run() {
        long t0 = System.nanoTime();
        Path sandboxDir = o.dir().resolve("sandbox");
        Sandbox sandbox;
        try {
            sandbox = Sandbox.up(sandboxDir, SandboxOptions.defaults().withProgress(out::println)
                    .withTls(o.tls()).withClusters(Math.max(1, o.clusters())).withEngine(o.engine())
                    .withAws(o.route53() ? SandboxOptions.MOTO : null).withTraffic(o.traffic()));
        } catch (RuntimeException e) {
            // up stops at its first failure with what it started still running: DNS, S3, some servers
            cleanUpAfterFailure(() -> Sandbox.stopKeepingLogs(sandboxDir), sandboxDir, e);
            throw e;
        }
        out.printf("sandbox up in %.1f s (config %s)%n", secs(t0), sandbox.configFile());
        if (o.route53()) {
            // the flip's route53 providers take the default credential chain; its first link, system properties,
            // gets the sandbox's keys, so no credential of the user's own is ever sent, even to moto
            System.setProperty("aws.accessKeyId", sandbox.s3AccessKey());
            System.setProperty("aws.secretAccessKey", sandbox.s3SecretKey());
        }
        Result result = null;
        try {
            result = rehearse(sandbox);
            return result;
        } catch (RuntimeException | Error e) {
            if (!o.keep()) {
                cleanUpAfterFailure(sandbox::stopKeepingLogs, sandbox.dir(), e);
            }
            throw e;
        } finally {
            if (o.keep()) {
                out.println("sandbox kept in " + sandbox.dir() + "; `eval \"$(./dbflip sandbox env --dir " + sandbox.dir()
                        + ")\"` to use it, `./dbflip sandbox down --dir " + sandbox.dir() + "` to remove it");
            } else if (result != null && result.ok()) {
                sandbox.down();
            } else if (result != null) {
                cleanUpAfterFailure(sandbox::stopKeepingLogs, sandbox.dir(), null);
            }
        }
    }

    /** Stops what the rehearsal started, keeping the logs, and says where they are; never hides {@code failure}. */
    private void cleanUpAfterFailure(java.util.function.Supplier<List<Path>> stop, Path dir, Throwable failure) {
        try {
            List<Path> logs = stop.get();
            out.println("rehearsal failed: stopped every process it started; logs kept in " + dir
                    + " (remove it with `./dbflip sandbox down --dir " + dir + "`)");
            logs.forEach(l -> out.println("  " + l));
        } catch (RuntimeException e) {
            out.println("rehearsal failed, and cleaning up failed too: " + io.dbflip.Failures.describe(e)
                    + "; the sandbox's processes and logs are in " + dir);
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private Result rehearse(Sandbox sandbox) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        try (ServerOpener opener = new ServerOpener(); Journal journal = Journals.open(o.dir().resolve("journal").toString(), null)) {
            DbflipConfig config = ConfigLoader.load(sandbox.configFile());
            List<ClusterConfig> clusters = config.clusters();
            importStep(config, System.getenv(), sandbox.layout().seedLocation(sandbox.layout().cluster(1)),
                    clusters.get(0).name()).forEach(out::println);
            S3Seed.Report seed = sandbox.seedReport(1);
            if (seed != null) {
                out.println("  " + seed.describe().replace("\n", "\n  "));
            }
            for (ClusterConfig cluster : clusters) {
                carryObjects(cluster, opener);
                probes.put(cluster.name(), startProbe(config, cluster, opener, sandbox));
            }
            pause(o.pauseMillis());
            Map<String, List<FlipReport>> reports = new LinkedHashMap<>();
            for (int i = 0; i < o.flips(); i++) {
                for (ClusterConfig cluster : clusters) {
                    FlipOperation op = new FlipOperation(config, cluster, opener, new ClusterDns(config), journal);
                    FlipReport r = op.run(new FlipOperation.Options(null, false, o.dir().resolve("reports"), "rehearsal"),
                            p -> true, FlipListener.NONE);
                    reports.computeIfAbsent(cluster.name(), k -> new ArrayList<>()).add(r);
                    out.printf("flip %d of %s: %s → %s %s, write blackout %.1f ms (fence %s to unfence %s)%n", i + 1,
                            cluster.name(), r.from(), r.to(), r.outcome(), r.blackoutMillis(), r.from(), r.to());
                }
                pause(o.pauseMillis());
            }
            List<ClusterRun> runs = new ArrayList<>();
            for (ClusterConfig cluster : clusters) {
                ProbeResult pr = probes.get(cluster.name()).stop();
                out.println(cluster.name() + ": " + pr.summary());
                // the HTML reports again, now with the probe's acknowledged writes and gaps on the flips' axis
                reports.getOrDefault(cluster.name(), List.of())
                        .forEach(f -> io.dbflip.report.FlipHtml.write(f, pr, o.dir().resolve("reports")));
                runs.add(check(cluster, opener, pr, reports.getOrDefault(cluster.name(), List.of())));
            }
            return new Result(runs, seed);
        } catch (RuntimeException | Error e) {
            // the probes' threads write to servers about to be stopped
            probes.values().forEach(Rehearsal::stopQuietly);
            throw e;
        }
    }

    private static void stopQuietly(Probe p) {
        try {
            p.stop();
        } catch (RuntimeException ignored) {
            // it was failing anyway; the rehearsal's own failure is the one to report
        }
    }

    /** A probe that follows the cluster's first A record, as its first app user. */
    private Probe startProbe(DbflipConfig config, ClusterConfig cluster, ServerOpener opener, Sandbox sandbox) {
        Topology t = Topology.read(cluster, opener);
        try (Server m = opener.open(t.master(), t.master().admin())) {
            m.execute(Sql.of("CREATE DATABASE IF NOT EXISTS " + Probe.SCHEMA));
            m.execute(Sql.of(Probe.CREATE_TABLE));
        }
        io.dbflip.config.DnsRecordConfig rec = cluster.dns().stream().filter(d -> "A".equalsIgnoreCase(d.type()))
                .findFirst().orElseThrow();
        io.dbflip.config.DnsProviderConfig provider = config.dnsProvider(rec.provider());
        boolean route53 = io.dbflip.dns.Route53Provider.TYPE.equals(provider.type());
        String dnsServer = route53 ? "Route 53 API " + provider.endpoint() + " zone " + provider.hostedZoneId() : provider.server();
        io.dbflip.config.Credentials app = t.master().appUsers().get(0);
        Probe.Lookup lookup = route53 ? route53Lookup(provider, rec) : null;
        if (cluster.traffic() != null) {
            // through the proxy: the address never changes, the backend behind it does
            String proxy = sandbox.layout().proxyAddress(sandbox.layout().clusterLayouts().stream()
                    .filter(c -> c.name().equals(cluster.name())).findFirst().orElseThrow());
            lookup = () -> proxy;
            dnsServer = "HAProxy " + proxy + ":" + t.master().port() + " (backend " + cluster.traffic().backend() + ")";
        }
        Probe probe = new Probe(new Probe.Options("rehearsal-" + cluster.name() + "-" + System.currentTimeMillis(),
                route53 || lookup != null ? "127.0.0.1:53" : dnsServer, rec.name(), t.master().port(), app.user(),
                app.password().reveal(), o.rate(), sandbox.layout().tls()), lookup).start();
        out.println(cluster.name() + ": probe writing " + o.rate() + " rows/s through " + rec.name() + " via " + dnsServer);
        return probe;
    }

    /**
     * The probe of a route53 rehearsal reads the record through the Route 53 API (ListResourceRecordSets), as
     * dbflip's own read-back does: moto keeps hosted zones but serves no DNS, and a BIND copying the zone would
     * add a sync lag of its own that the probe would measure instead of dbflip's switch. Real Route 53 serves a
     * change on its name servers once GetChange says INSYNC, which dbflip waits for before it unfences.
     */
    private static Probe.Lookup route53Lookup(io.dbflip.config.DnsProviderConfig provider, io.dbflip.config.DnsRecordConfig rec) {
        io.dbflip.dns.Route53Provider r53 = new io.dbflip.dns.Route53Provider(provider);
        io.dbflip.dns.RecordChange record = new io.dbflip.dns.RecordChange(rec.zone(), rec.name(), "A", rec.ttl(), "0.0.0.0", null);
        return () -> {
            List<String> values = r53.read(record).values();
            if (values.isEmpty()) {
                throw new IllegalStateException("no A record for " + rec.name() + " in hosted zone " + provider.hostedZoneId());
            }
            return values.get(0);
        };
    }

    private ClusterRun check(ClusterConfig cluster, ServerOpener opener, ProbeResult pr, List<FlipReport> flips) {
        Topology after = Topology.read(cluster, opener);
        try (Server m = opener.open(after.master(), after.master().admin());
             Server r = opener.open(after.replica(), after.replica().admin())) {
            InSync.await(m, r, Duration.ofSeconds(30));
            Map<String, Server> servers = new LinkedHashMap<>();
            servers.put(after.master().role(), m);
            servers.put(after.replica().role(), r);
            ProbeCheck.Outcome check = ProbeCheck.check(pr, servers);
            ChecksumReport checksum = new TableChecksum(after.master().role(), m.connection(), after.replica().role(),
                    r.connection(), TableChecksum.Options.defaults()).run();
            List<Double> client = flips.stream().map(f -> pr.maxGapDuring(f.startedEpochMicros(), f.finishedEpochMicros())).toList();
            return new ClusterRun(cluster.name(), flips, pr, check, checksum, client);
        }
    }

    /**
     * The import step's path, and why: the Aurora import when the config has an import profile and AWS
     * credentials and a region are set in the environment (shown as its plan: the sandbox's aurora-b is a
     * local server, so the rehearsal never creates an AWS cluster), else a restore from S3 into aurora-b.
     */
    static List<String> importStep(DbflipConfig config, Map<String, String> env, String from, String clusterName) {
        boolean credentials = env.containsKey("AWS_ACCESS_KEY_ID") || env.containsKey("AWS_PROFILE")
                || env.containsKey("AWS_WEB_IDENTITY_TOKEN_FILE") || env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")
                || env.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        boolean region = env.containsKey("AWS_REGION") || env.containsKey("AWS_DEFAULT_REGION");
        Map<String, Map<String, Object>> profiles = config.importProfiles() == null ? Map.of() : config.importProfiles();
        if (profiles.isEmpty() || !credentials || !region) {
            return List.of("import: restore into aurora-b from " + from + " (no AWS settings)");
        }
        Map.Entry<String, Map<String, Object>> p = profiles.entrySet().iterator().next();
        List<String> l = new ArrayList<>();
        l.add("import: Aurora import (RestoreDBClusterFromS3) — AWS settings present (profile " + p.getKey() + ")");
        io.dbflip.aws.ImportProfile profile = io.dbflip.aws.ImportProfile.from(p.getKey(), p.getValue());
        new io.dbflip.aws.AuroraImporter(null, out(), Duration.ofHours(6), Duration.ofSeconds(30))
                .plan(clusterName, io.dbflip.backup.S3Location.parse(from), profile).forEach(s -> l.add("  " + s));
        l.add("  run it: dbflip import " + clusterName + " --from " + from + " --profile " + p.getKey());
        return l;
    }

    private static PrintStream out() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }

    private void carryObjects(ClusterConfig cluster, ServerOpener opener) {
        Topology t = Topology.read(cluster, opener);
        SideConfig from = t.master();
        SideConfig to = t.replica();
        try (Server a = opener.open(from, from.admin()); Server b = opener.open(to, to.admin())) {
            ApplyReport r = new ObjectsMigration(a, from, b, to, List.of()).apply(DefinerPolicy.REWRITE, null, false, false);
            out.println("objects: " + r.changes() + " change(s) applied on " + to.role() + " (what the import left behind)");
            r.rewrites().forEach(w -> out.println("  rewritten: " + w));
        }
    }

    /** The figures: client-seen blackout p50/p95/max, internal blackout, each window step's p50 and max. */
    public static void printFigures(Result r, PrintStream out) {
        List<Double> client = r.clusters().stream().flatMap(c -> c.clientBlackouts().stream()).toList();
        List<Double> internal = r.flips().stream().map(FlipReport::blackoutMillis).toList();
        long acked = r.clusters().stream().mapToLong(c -> c.check().acknowledged()).sum();
        long lost = r.clusters().stream().mapToLong(c -> c.check().lost()).sum();
        long oneSided = r.clusters().stream().mapToLong(c -> c.check().oneSidedRows()).sum();
        out.printf("flips: %d (%d cluster(s)), acknowledged writes: %d, lost: %d, one-sided rows: %d%n", r.flips().size(),
                r.clusters().size(), acked, lost, oneSided);
        out.printf("client-seen blackout ms: p50 %.1f  p95 %.1f  max %.1f%n", pct(client, 50), pct(client, 95), pct(client, 100));
        out.printf("internal blackout ms (fence A → unfence B): p50 %.1f  p95 %.1f  max %.1f%n",
                pct(internal, 50), pct(internal, 95), pct(internal, 100));
        Map<String, List<Double>> perStep = new TreeMap<>();
        for (FlipReport f : r.flips()) {
            for (StepRecord s : f.steps()) {
                if (s.kind() == io.dbflip.journal.StepKind.STEP && io.dbflip.flip.FlipStep.of(s.no()).inBlackout()) {
                    perStep.computeIfAbsent(String.format("%2d %s", s.no(), s.name()), k -> new ArrayList<>()).add(s.millis());
                }
            }
        }
        out.println("internal blackout per step (ms):");
        perStep.forEach((k, v) -> out.printf("  %-34s p50 %6.2f  max %6.2f%n", k, pct(v, 50), pct(v, 100)));
        for (ClusterRun c : r.clusters()) {
            out.println("table checksums " + c.cluster() + ": " + c.checksum().describe().lines().findFirst().orElse(""));
        }
        if (r.seed() != null) {
            S3Seed.Report s = r.seed();
            out.printf("seed through S3: %.1f MB of xbstream, %.1f MB stored, %.1f MB/s, %d object(s), backup %.1f s, "
                    + "restore %.1f s, %s%n", s.xbstreamBytes() / 1e6, s.storedBytes() / 1e6, s.backupMbPerSecond(),
                    s.objects(), s.backupSeconds(), s.restoreSeconds(), s.location());
            s.coordinates().lines().forEach(l -> out.println("  coordinates: " + l.strip()));
        }
    }

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
