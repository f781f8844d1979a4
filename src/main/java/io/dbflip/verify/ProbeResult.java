package io.dbflip.verify;

import java.util.BitSet;
import java.util.List;

/**
 * What a probe saw: attempts, acknowledged writes, the longest gap between two acknowledged
 * writes (the client-seen blackout), and every gap above a few write intervals.
 */
public record ProbeResult(String probeName, long attempts, long acknowledged, long errors, long reconnects,
                          double maxGapMillis, List<Probe.Gap> gaps, BitSet ackedIds,
                          long startedEpochMicros, long stoppedEpochMicros) {

    /** The longest gap that overlaps [fromMicros, toMicros], or 0. */
    public double maxGapDuring(long fromMicros, long toMicros) {
        return gaps.stream().filter(g -> g.endEpochMicros() >= fromMicros && g.startEpochMicros() <= toMicros)
                .mapToDouble(Probe.Gap::millis).max().orElse(0);
    }

    public double seconds() {
        return (stoppedEpochMicros - startedEpochMicros) / 1e6;
    }

    public String summary() {
        return String.format("probe %s: %d attempts, %d acknowledged, %d errors, %d connects, %.0f writes/s, "
                        + "longest gap between acknowledged writes %.1f ms",
                probeName, attempts, acknowledged, errors, reconnects, acknowledged / Math.max(0.001, seconds()),
                maxGapMillis);
    }
}
