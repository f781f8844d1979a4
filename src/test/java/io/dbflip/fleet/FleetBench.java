package io.dbflip.fleet;

import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * bench/fleet: N sandbox clusters flipped all at once and back, each under its own probe. Prints
 * one cluster's flip wall time (the baseline), the fleet's wall time each way, and per cluster the
 * internal blackout and the client-seen blackout (longest gap between acknowledged writes).
 * Every flip runs as operators run it: its own {@code ./dbflip fleet flip … --yes --json} process (a
 * cold JVM, with its supervisor), the probes in this process; {@code -Ddbflip.bench.inProcess=true}
 * flips in this JVM instead, as the bench did before session 6.
 */
public final class FleetBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        System.out.printf("bench/fleet: %d clusters (%s), probe %d writes/s per cluster, %d cores, load %s, %s%n", n,
                io.dbflip.sandbox.Engine.defaultEngine().configName(), rate, Runtime.getRuntime().availableProcessors(), load(),
                java.time.Instant.now());
        long t0 = System.nanoTime();
        try (FleetFixture f = new FleetFixture("bench-fleet", n)) {
            System.out.printf("sandbox of %d clusters up in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            List<Probe> probes = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                probes.add(f.probe(k, rate).start());
            }
            Thread.sleep(1500);
            settle(f, n);
            FleetReport one = flip(f, "sandbox-1", new FleetFlip.Options("aurora", 0, 1, false, false, true, false));
            double oneProcess = lastProcessWallMillis;
            settle(f, n);
            FleetReport oneBack = flip(f, "sandbox-1", new FleetFlip.Options("onprem", 0, 1, false, false, true, false));
            double oneBackProcess = lastProcessWallMillis;
            settle(f, n);
            long toStart = Probe.nowMicros();
            FleetReport to = flip(f, "*", new FleetFlip.Options("aurora", 0, 4, true, false, true, false));
            double toProcess = lastProcessWallMillis;
            long toEnd = Probe.nowMicros();
            Thread.sleep(1000);
            settle(f, n);
            long backStart = Probe.nowMicros();
            FleetReport back = flip(f, "*", new FleetFlip.Options("onprem", 0, 4, true, false, true, false));
            double backProcess = lastProcessWallMillis;
            long backEnd = Probe.nowMicros();
            Thread.sleep(1000);
            List<ProbeResult> results = probes.stream().map(Probe::stop).toList();
            System.out.print(to.table());
            System.out.print(back.table());
            double single = (one.flipWallMillis() + oneBack.flipWallMillis()) / 2;
            System.out.printf("one cluster's flip (sandbox-1 alone, mean of there and back): wall %.0f ms, blackout %.1f / %.1f ms%n",
                    single, one.results().get(0).blackoutMillis(), oneBack.results().get(0).blackoutMillis());
            print("to aurora", to, single, results, toStart, toEnd);
            print("back to onprem", back, single, results, backStart, backEnd);
            if (!IN_PROCESS) {
                // the second lone flip: the first one's process also made the launcher's class-data archive
                System.out.printf("process wall (what the operator waits for, JVM start to exit): one cluster %.0f ms (its first run,"
                                + " which made the launcher's class-data archive: %.0f ms); %d all at once to aurora %.0f ms (%.2f×),"
                                + " back %.0f ms (%.2f×)%n", oneBackProcess, oneProcess, n, toProcess, toProcess / oneBackProcess,
                        backProcess, backProcess / oneBackProcess);
            }
            long lost = 0;
            long oneSided = 0;
            for (int k = 1; k <= n; k++) {
                ProbeCheck.Outcome o = f.check(k, results.get(k - 1));
                lost += o.lost();
                oneSided += o.oneSidedRows();
            }
            long acked = results.stream().mapToLong(ProbeResult::acknowledged).sum();
            System.out.printf("probes: %d acknowledged writes over %d clusters, %d lost, %d one-sided rows; %d failed attempts, %d"
                            + " connections (each failed attempt is tried again after %.1f ms)%n", acked, n, lost, oneSided,
                    results.stream().mapToLong(ProbeResult::errors).sum(), results.stream().mapToLong(ProbeResult::reconnects).sum(),
                    Probe.RETRY_NANOS / 1e6);
        }
    }

    static final boolean IN_PROCESS = Boolean.getBoolean("dbflip.bench.inProcess");

    /** One fleet run: by default its own `./dbflip fleet flip` process, its JSON report read back. */
    private static FleetReport flip(FleetFixture f, String select, FleetFlip.Options o) throws Exception {
        if (IN_PROCESS) {
            return f.flip(select, o, c -> null);
        }
        List<String> cmd = new ArrayList<>(List.of("./dbflip", "fleet", "flip", "--select", select, "--to", o.to(), "--yes",
                "--json", "-c", f.sandbox.configFile().toString()));
        if (o.allAtOnce()) {
            cmd.add("--all-at-once");
        }
        // bash's `times` after the flip: the CPU (user, system) the flip's process and its children used
        java.nio.file.Path times = f.dir.resolve("fleet-flip.times");
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", "\"$@\"; rc=$?; times > " + times + "; exit $rc", "flip"));
        wrapped.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(wrapped).redirectError(f.dir.resolve("fleet-flip.err").toFile());
        pb.environment().putAll(f.sandbox.env());
        long[] before = machineCpu();
        long started = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        double processWall = (System.nanoTime() - started) / 1e6;
        long[] after = machineCpu();
        lastProcessWallMillis = processWall;
        System.out.printf("  `dbflip fleet flip --select %s%s`: the process's wall %.0f ms, its cpu %.2f s (user+system); the machine"
                        + " busy %.2f of %.2f core-seconds (%.0f%%)%n", select, o.allAtOnce() ? " --all-at-once" : "", processWall,
                processCpu(times),
                (after[0] - before[0]) / HZ, (after[1] - before[1]) / HZ, 100.0 * (after[0] - before[0]) / Math.max(1, after[1] - before[1]));
        try {
            return JSON.readValue(out, FleetReport.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("dbflip fleet flip exited " + rc + " without a JSON report: "
                    + java.nio.file.Files.readString(f.dir.resolve("fleet-flip.err")), e);
        }
    }

    /** The last flip process's wall time, start to exit (JVM start, supervisor, preflight, flip, report). */
    static double lastProcessWallMillis = Double.NaN;

    /** USER_HZ: /proc/stat counts in 1/100 s on Linux. */
    private static final double HZ = 100.0;

    /** The machine's busy and total CPU time so far, all cores, in 1/100 s (the first line of /proc/stat). */
    static long[] machineCpu() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (java.io.IOException e) {
            return new long[] {0, 0};
        }
    }

    /** The children's user + system seconds from bash's `times` (its second line: "0m1.234s 0m0.321s"). */
    static double processCpu(java.nio.file.Path times) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(times);
            double sum = 0;
            for (String t : lines.get(1).trim().split("\\s+")) {
                String[] ms = t.replace("s", "").split("m");
                sum += Double.parseDouble(ms[0]) * 60 + Double.parseDouble(ms[1]);
            }
            return sum;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Waits until every cluster's other sides hold all of its master's writes: on 2 cores, 48 servers
     * under 16 probes fall seconds behind after a flip, and preflight would refuse the next run for lag
     * (a steady state, not the bench's own doing, is what a flip starts from).
     */
    private static void settle(FleetFixture f, int n) {
        long t0 = System.nanoTime();
        for (int k = 1; k <= n; k++) {
            io.dbflip.config.ClusterConfig c = f.cluster(k);
            io.dbflip.flip.Topology t = io.dbflip.flip.Topology.read(c, f.opener);
            try (io.dbflip.mysql.Server m = f.admin(c, t.master().role())) {
                for (io.dbflip.config.SideConfig side : c.sides()) {
                    if (!side.role().equals(t.master().role())) {
                        try (io.dbflip.mysql.Server r = f.admin(c, side.role())) {
                            io.dbflip.verify.InSync.await(m, r, java.time.Duration.ofSeconds(120));
                        }
                    }
                }
            }
        }
        System.out.printf("settled: every replica caught up in %.1f s (load %s)%n", (System.nanoTime() - t0) / 1e9, load());
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void print(String what, FleetReport r, double single, List<ProbeResult> probes, long from, long to) {
        long flipped = r.count(ClusterResult.FLIPPED);
        double[] internal = r.results().stream().filter(x -> x.blackoutMillis() != null).mapToDouble(ClusterResult::blackoutMillis).sorted().toArray();
        double[] client = probes.stream().mapToDouble(p -> p.maxGapDuring(from, to)).sorted().toArray();
        System.out.printf("fleet %s: %d/%d flipped, wall %.0f ms (%.2f× one cluster's); internal blackout p50 %.1f max %.1f ms; "
                        + "client-seen blackout p50 %.1f max %.1f ms%n", what, flipped, r.results().size(), r.flipWallMillis(),
                r.flipWallMillis() / single, pct(internal, 50), pct(internal, 100), pct(client, 50), pct(client, 100));
        System.out.println("  client-seen per cluster (ms): " + Arrays.toString(Arrays.stream(probes.stream()
                .mapToDouble(p -> p.maxGapDuring(from, to)).toArray()).mapToObj(d -> String.format("%.0f", d)).toArray()));
        // where each window's milliseconds went, over the clusters: per step p50/max
        java.util.Map<String, List<Double>> steps = new java.util.TreeMap<>();
        List<Double> waits = new ArrayList<>();
        for (ClusterResult c : r.results()) {
            if (c.window() != null && c.outcome().equals(ClusterResult.FLIPPED)) {
                c.window().stepsMs().forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                if (c.window().dnsWaitMs() != null) {
                    waits.add(c.window().dnsWaitMs());
                }
            }
        }
        steps.forEach((k, v) -> {
            double[] xs = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("  step %-34s p50 %7.1f ms  max %7.1f ms%n", k, pct(xs, 50), pct(xs, 100));
        });
        if (!waits.isEmpty()) {
            double[] xs = waits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("  of step 9, waiting at the shared DNS step for the other clusters: p50 %.1f ms, max %.1f ms%n",
                    pct(xs, 50), pct(xs, 100));
        }
        for (FleetReport.DnsStep d : r.sharedDns()) {
            System.out.printf("  shared DNS step: %d cluster(s), %d update(s) (%s), %.1f ms%s%n", d.clusters().size(), d.updates(),
                    String.join(", ", d.zones().stream().map(z -> z.zone() + " " + z.records() + " records: apply "
                            + z.applyMs() + " ms, read back " + z.verifyMs() + " ms").toList()), d.millis(),
                    d.late().isEmpty() && d.left().isEmpty() ? "" : "; late " + d.late() + ", left " + d.left());
        }
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
