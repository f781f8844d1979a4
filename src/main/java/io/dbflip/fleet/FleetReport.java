package io.dbflip.fleet;

import java.util.List;
import java.util.Locale;

/**
 * What a fleet run did: each selected cluster's result in selection order (with its write window,
 * step by step, when it fenced), the shared DNS step of an all-at-once run (one update per zone for
 * every cluster that reached it), the exit code it implies (0 all flipped or already there, 1 a
 * flip failed or the run stopped, 3 preflight refused the run), and the run's wall time from the
 * first preflight to the last finished flip.
 */
public record FleetReport(String mode, List<ClusterResult> results, int exitCode, double wallMillis,
                          double flipWallMillis, String summary, List<DnsStep> sharedDns) {

    public FleetReport(String mode, List<ClusterResult> results, int exitCode, double wallMillis, double flipWallMillis,
                       String summary) {
        this(mode, results, exitCode, wallMillis, flipWallMillis, summary, List.of());
    }

    public FleetReport {
        sharedDns = sharedDns == null ? List.of() : List.copyOf(sharedDns);
    }

    /**
     * One shared DNS step: the clusters whose records it carried, those that had left (their window
     * failed before step 9: not switched) and those still short of step 9 when it went (each sent
     * its own update later); per zone, the records in its one message and the apply and read-back
     * times; when it ran; the error, if it failed (then every zone was put back and the clusters in
     * it rolled back).
     */
    public record DnsStep(List<String> clusters, List<String> left, List<String> late, List<DnsZone> zones,
                          long startEpochMicros, long endEpochMicros, double millis, String error) {
        /** Messages sent: one per zone (more only past a provider's records-per-message limit). */
        public int updates() {
            return zones.size();
        }
    }

    public record DnsZone(String zone, String provider, int records, double applyMs, double verifyMs) {
    }

    public long count(String outcome) {
        return results.stream().filter(r -> r.outcome().equals(outcome)).count();
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-24s %-10s %-10s %-32s %10s  %s%n", "CLUSTER", "FROM", "TO", "OUTCOME", "BLACKOUT", "DETAIL"));
        for (ClusterResult r : results) {
            b.append(String.format("%-24s %-10s %-10s %-32s %10s  %s%n", r.cluster(), n(r.from()), n(r.to()), r.outcome(),
                    r.blackoutMillis() == null ? "-" : String.format("%.1f ms", r.blackoutMillis()), n(r.detail())));
        }
        long first = results.stream().filter(r -> r.window() != null).mapToLong(r -> r.window().startEpochMicros()).min().orElse(0);
        if (first > 0) {
            b.append("windows (fence A → unfence B, from the first fence):\n");
            for (ClusterResult r : results) {
                if (r.window() != null) {
                    b.append(String.format("  %-22s %s%n", r.cluster(), r.window().describe(first)));
                }
            }
        }
        for (DnsStep s : sharedDns) {
            b.append(String.format(Locale.ROOT, "shared DNS step%s: %d cluster(s), %d update(s) in %.1f ms%s%s%s%s%n",
                    first > 0 ? String.format(Locale.ROOT, " at %+.1f ms", (s.startEpochMicros() - first) / 1000.0) : "",
                    s.clusters().size(), s.updates(), s.millis(),
                    s.zones().isEmpty() ? "" : " — " + String.join("; ", s.zones().stream().map(z -> String.format(Locale.ROOT,
                            "%s %d record(s) apply %.1f ms, read back %.1f ms", z.zone(), z.records(), z.applyMs(), z.verifyMs())).toList()),
                    s.left().isEmpty() ? "" : "; left out (window failed before DNS, names not switched): " + s.left(),
                    s.late().isEmpty() ? "" : "; late (not in it; each sends its own update if it reaches DNS): " + s.late(),
                    s.error() == null ? "" : "; FAILED: " + s.error()));
        }
        return b.toString();
    }

    /** The same report in Markdown (saved beside the HTML fleet page). */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("# Fleet run: " + mode + "\n\n" + summary + String.format(Locale.ROOT,
                "; exit %d; wall %.0f ms (flips %.0f ms)%n%n", exitCode, wallMillis, flipWallMillis));
        b.append("| cluster | from | to | outcome | blackout | detail |\n|---|---|---|---|---:|---|\n");
        for (ClusterResult r : results) {
            b.append("| ").append(r.cluster()).append(" | ").append(n(r.from())).append(" | ").append(n(r.to())).append(" | ")
                    .append(r.outcome()).append(" | ").append(r.blackoutMillis() == null ? "-" : String.format(Locale.ROOT, "%.1f ms",
                            r.blackoutMillis())).append(" | ").append(n(r.detail()).replace("|", "\\|")).append(" |\n");
        }
        String text = table();
        int w = text.indexOf("windows (fence A");
        int d = text.indexOf("shared DNS step");
        int from = w >= 0 ? w : d;
        if (from >= 0) {
            b.append("\n```\n").append(text.substring(from)).append("```\n");
        }
        return b.toString();
    }

    private static String n(String s) {
        return s == null ? "-" : s;
    }
}
