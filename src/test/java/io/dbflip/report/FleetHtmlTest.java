package io.dbflip.report;

import io.dbflip.fleet.ClusterResult;
import io.dbflip.fleet.FleetReport;
import io.dbflip.flip.FlipReport;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FleetHtmlTest {
    @Test
    void aRowPerClusterOnOneAxis() {
        FlipReport a = FlipHtmlTest.report();
        FlipReport b = new FlipReport("f2", "shard2", a.from(), a.to(), a.outcome(), null, a.startedEpochMicros(),
                a.finishedEpochMicros(), a.blackoutMillis(), a.checks(), a.steps(), a.endedSessions(), a.dns(), a.notes());
        FleetReport fleet = new FleetReport("all-at-once", List.of(
                new ClusterResult("sandbox", "aurora-a", "aurora-b", ClusterResult.FLIPPED, "aurora-b", null, a.blackoutMillis(), a.flipId()),
                new ClusterResult("shard2", "aurora-a", "aurora-b", ClusterResult.FLIPPED, "aurora-b", null, b.blackoutMillis(), "f2"),
                new ClusterResult("shard3", "aurora-a", "aurora-b", ClusterResult.REFUSED, "aurora-a", "lag", null, null)),
                0, 20, 10, "2 flipped, 1 refused");
        Map<String, FlipReport> flips = new LinkedHashMap<>();
        flips.put("sandbox", a);
        flips.put("shard2", b);
        String html = FleetHtml.render(fleet, flips);
        assertThat(html.split("class=\"blackout\"", -1)).hasSize(3);
        assertThat(html.split("<rect class=\"step ", -1)).hasSize(1 + 2 * a.steps().size());
        // the same steps at the same time land at the same x in both rows
        String x1 = html.substring(html.indexOf("data-cluster=\"sandbox\" data-step=\"3\" x=\""));
        String x2 = html.substring(html.indexOf("data-cluster=\"shard2\" data-step=\"3\" x=\""));
        assertThat(x1.substring(x1.indexOf("x=\""), x1.indexOf("\" y="))).isEqualTo(x2.substring(x2.indexOf("x=\""), x2.indexOf("\" y=")));
        assertThat(html).contains("<tr data-cluster=\"shard3\">", "refused");
    }
}
