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
        assertThat(html).doesNotContain("shared DNS");
    }

    @Test
    void theSharedDnsStepHasARowOnTheAxisAndItsZones() {
        FlipReport a = FlipHtmlTest.report();
        long t = a.steps().stream().filter(s -> s.no() == 9).findFirst().orElseThrow().startEpochMicros();
        FleetReport.DnsStep dns = new FleetReport.DnsStep(List.of("sandbox"), List.of("shard3"), List.of(),
                List.of(new FleetReport.DnsZone("sandbox.internal.", "rfc2136", 1, 1.5, 0.5)), t, t + 2000, 2.0, null);
        FleetReport fleet = new FleetReport("all-at-once", List.of(
                new ClusterResult("sandbox", "aurora-a", "aurora-b", ClusterResult.FLIPPED, "aurora-b", null, a.blackoutMillis(), a.flipId())),
                0, 20, 10, "1 flipped", List.of(dns));
        String html = FleetHtml.render(fleet, Map.of("sandbox", a));
        assertThat(html).contains("<rect class=\"step shared-dns ok\"", "1 cluster(s), 1 update(s)", "sandbox.internal.",
                "left out (window failed before DNS, names not switched): shard3");
        assertThat(fleet.toMarkdown()).contains("# Fleet run: all-at-once", "| sandbox | aurora-a | aurora-b | flipped |",
                "shared DNS step", "1 cluster(s), 1 update(s)", "left out (window failed before DNS, names not switched): [shard3]");
        // the shared step starts where the cluster's step 9 starts
        String x9 = html.substring(html.indexOf("data-cluster=\"sandbox\" data-step=\"9\" x=\""));
        String xd = html.substring(html.indexOf("<rect class=\"step shared-dns ok\" x=\""));
        assertThat(xd.substring(xd.indexOf("x=\""), xd.indexOf("\" y="))).isEqualTo(x9.substring(x9.indexOf("x=\""), x9.indexOf("\" y=")));
    }
}
