package io.dbflip.fleet;

import java.util.List;

/**
 * What a fleet run did: each selected cluster's result in selection order, the exit code it
 * implies (0 all flipped or already there, 1 a flip failed or the run stopped, 3 preflight refused
 * the run), and the run's wall time from the first preflight to the last finished flip.
 */
public record FleetReport(String mode, List<ClusterResult> results, int exitCode, double wallMillis,
                          double flipWallMillis, String summary) {

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
        return b.toString();
    }

    private static String n(String s) {
        return s == null ? "-" : s;
    }
}
