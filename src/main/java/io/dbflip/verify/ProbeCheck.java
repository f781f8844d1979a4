package io.dbflip.verify;

import io.dbflip.mysql.Server;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads every server for a probe's rows: acknowledged writes missing anywhere are lost writes;
 * rows present on one server but not another are one-sided rows. Call it once replication is in
 * sync (the caller waits).
 */
public final class ProbeCheck {
    public record Outcome(long acknowledged, Map<String, Long> missingPerServer, long oneSidedRows,
                          Map<String, Long> rowsPerServer) {
        public long lost() {
            return missingPerServer.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        public boolean clean() {
            return lost() == 0 && oneSidedRows == 0;
        }

        @Override
        public String toString() {
            return "acknowledged " + acknowledged + ", lost (missing on a server) " + lost() + " " + missingPerServer
                    + ", one-sided rows " + oneSidedRows + ", rows " + rowsPerServer;
        }
    }

    private ProbeCheck() {
    }

    public static Outcome check(ProbeResult result, Map<String, Server> servers) {
        Map<String, BitSet> present = new LinkedHashMap<>();
        for (Map.Entry<String, Server> e : servers.entrySet()) {
            BitSet rows = new BitSet();
            for (Map<String, Object> r : e.getValue().query("SELECT id FROM " + Probe.TABLE + " WHERE probe = '"
                    + result.probeName().replace("'", "''") + "'")) {
                rows.set(((Number) r.values().iterator().next()).intValue());
            }
            present.put(e.getKey(), rows);
        }
        Map<String, Long> missing = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        BitSet union = new BitSet();
        BitSet intersection = null;
        for (Map.Entry<String, BitSet> e : present.entrySet()) {
            BitSet m = (BitSet) result.ackedIds().clone();
            m.andNot(e.getValue());
            missing.put(e.getKey(), (long) m.cardinality());
            counts.put(e.getKey(), (long) e.getValue().cardinality());
            union.or(e.getValue());
            if (intersection == null) {
                intersection = (BitSet) e.getValue().clone();
            } else {
                intersection.and(e.getValue());
            }
        }
        BitSet oneSided = (BitSet) union.clone();
        if (intersection != null) {
            oneSided.andNot(intersection);
        }
        return new Outcome(result.acknowledged(), missing, oneSided.cardinality(), counts);
    }
}
