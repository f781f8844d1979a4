package io.dbflip.report;

import io.dbflip.journal.FlipId;
import io.dbflip.journal.FlipOutcome;
import io.dbflip.journal.FlipRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryHtmlTest {
    static FlipRecord flip(String id, Long blackoutMicros, FlipOutcome outcome) {
        Instant t = Instant.parse("2026-12-03T05:00:00Z");
        return new FlipRecord(new FlipId(id), "shard1", "a", "b", "alice", "host", 1, false, t, outcome == null ? null : t,
                outcome, blackoutMicros, null);
    }

    @Test
    void chartHasABarPerFencedFlipAndTheTableEveryFlip() {
        List<FlipRecord> newestFirst = List.of(flip("f3", null, null), flip("f2", 80_000L, FlipOutcome.COMPLETED),
                flip("f1", 40_000L, FlipOutcome.COMPLETED));
        String html = HistoryHtml.body("shard1", newestFirst, null, "");
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
        assertThat(svg.split("<rect", -1)).hasSize(3);
        // oldest left: f1 before f2, and f2 (twice the blackout) twice as tall
        assertThat(svg.indexOf("data-flip=\"f1\"")).isLessThan(svg.indexOf("data-flip=\"f2\""));
        assertThat(html).contains("data-flip=\"f3\"", "unfinished", "80.0 ms", "40.0 ms");
    }
}
