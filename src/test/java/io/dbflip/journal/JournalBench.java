package io.dbflip.journal;

import java.util.Arrays;

/** Percentiles for the printed (never asserted) timing figures. */
final class JournalBench {
    private JournalBench() {
    }

    static String summary(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("%s over %d: p50 %.3f ms, p99 %.3f ms, max %.3f ms", what, s.length,
                s[s.length / 2] / 1e6, s[Math.min(s.length - 1, s.length * 99 / 100)] / 1e6, s[s.length - 1] / 1e6);
    }
}
