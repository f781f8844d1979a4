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
 */
public final class FleetBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        System.out.printf("bench/fleet: %d clusters, probe %d writes/s per cluster, %d cores%n", n, rate,
                Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        try (FleetFixture f = new FleetFixture("bench-fleet", n)) {
            System.out.printf("sandbox of %d clusters up in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            List<Probe> probes = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                probes.add(f.probe(k, rate).start());
            }
            Thread.sleep(1500);
            FleetReport one = f.flip("sandbox-1", new FleetFlip.Options("aurora", 0, 1, false, false, true, false), c -> null);
            Thread.sleep(500);
            FleetReport oneBack = f.flip("sandbox-1", new FleetFlip.Options("onprem", 0, 1, false, false, true, false), c -> null);
            Thread.sleep(500);
            long toStart = Probe.nowMicros();
            FleetReport to = f.flip("*", new FleetFlip.Options("aurora", 0, 4, true, false, true, false), c -> null);
            long toEnd = Probe.nowMicros();
            Thread.sleep(1000);
            long backStart = Probe.nowMicros();
            FleetReport back = f.flip("*", new FleetFlip.Options("onprem", 0, 4, true, false, true, false), c -> null);
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
            long lost = 0;
            long oneSided = 0;
            for (int k = 1; k <= n; k++) {
                ProbeCheck.Outcome o = f.check(k, results.get(k - 1));
                lost += o.lost();
                oneSided += o.oneSidedRows();
            }
            long acked = results.stream().mapToLong(ProbeResult::acknowledged).sum();
            System.out.printf("probes: %d acknowledged writes over %d clusters, %d lost, %d one-sided rows%n", acked, n, lost, oneSided);
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
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
