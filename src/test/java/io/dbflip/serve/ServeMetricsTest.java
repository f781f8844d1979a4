package io.dbflip.serve;

import io.dbflip.flip.Check;
import io.dbflip.flip.FlipReport;
import io.dbflip.report.FlipHtmlTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServeMetricsTest {
    @Test
    void theTextFormatCountsFlipsBlackoutsStepsAndRefusals() throws Exception {
        ServeMetrics m = new ServeMetrics(sink -> sink.lag("sandbox", "aurora", 2));
        FlipReport r = FlipHtmlTest.report();
        m.flipFinished(r);
        m.flipFinished(r);
        m.preflightFailed("sandbox", List.of(Check.pass("gtid", "on"), Check.fail("replica lag", "9 s", "wait")));
        m.flipNotRun("sandbox", "aurora-a", "aurora-b", "refused");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        Map<String, Double> s = MetricsText.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(s.get("dbflip_write_blackout_seconds_count{cluster=\"sandbox\"}")).isEqualTo(2.0);
        assertThat(s.get("dbflip_write_blackout_seconds_sum{cluster=\"sandbox\"}")).isCloseTo(2 * r.blackoutMillis() / 1000,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(s.get("dbflip_flips_total{cluster=\"sandbox\",direction=\"aurora-a->aurora-b\",outcome=\"completed\"}")).isEqualTo(2.0);
        assertThat(s.get("dbflip_flips_total{cluster=\"sandbox\",direction=\"aurora-a->aurora-b\",outcome=\"refused\"}")).isEqualTo(1.0);
        assertThat(s.get("dbflip_preflight_failures_total{check=\"replica lag\",cluster=\"sandbox\"}")).isEqualTo(1.0);
        assertThat(s.get("dbflip_replication_lag_seconds{cluster=\"sandbox\",side=\"aurora\"}")).isEqualTo(2.0);
        assertThat(s.keySet().stream().filter(k -> k.startsWith("dbflip_flip_step_seconds_count{"))).hasSize(r.steps().size());
    }

    @Test
    void theReaderRefusesWhatIsNotTheFormat() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsText.parse("# TYPE x counter\nx_total{a=b} 1\n"))
                .isInstanceOf(AssertionError.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsText.parse("y 1\n")).isInstanceOf(AssertionError.class);
    }
}
