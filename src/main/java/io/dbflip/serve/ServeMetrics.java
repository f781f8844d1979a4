package io.dbflip.serve;

import io.dbflip.flip.Check;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The flips this server ran, as Prometheus metrics: counts by cluster, direction and outcome,
 * histograms of the write blackout and of each step, the last flip's time, preflight failures by
 * check, and (read at scrape time) replication lag per side.
 */
public final class ServeMetrics {
    /** Writes the lag of one side: cluster, side, seconds. */
    public interface LagSink {
        void lag(String cluster, String side, double seconds);
    }

    // the blackout is milliseconds when all goes well and seconds when a catch-up waits
    private static final double[] BLACKOUT_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final double[] STEP_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter flips = Counter.builder().name("dbflip_flips_total")
            .help("Flips this server ran, by cluster, direction (from->to) and outcome").labelNames("cluster", "direction", "outcome")
            .register(registry);
    private final Histogram blackout = Histogram.builder().name("dbflip_write_blackout_seconds")
            .help("Internal write blackout of each flip: fence of the old master to unfence of the new").labelNames("cluster")
            .classicOnly().classicUpperBounds(BLACKOUT_BOUNDS).register(registry);
    private final Histogram steps = Histogram.builder().name("dbflip_flip_step_seconds")
            .help("Time of each step of a flip").labelNames("step", "name")
            .classicOnly().classicUpperBounds(STEP_BOUNDS).register(registry);
    private final Gauge lastFlip = Gauge.builder().name("dbflip_last_flip_timestamp_seconds")
            .help("When the last flip of the cluster this server ran finished (Unix time)").labelNames("cluster")
            .register(registry);
    private final Counter preflightFailures = Counter.builder().name("dbflip_preflight_failures_total")
            .help("Preflight checks that refused a flip, by cluster and check").labelNames("cluster", "check")
            .register(registry);

    /** {@code lag} is called at each scrape; it reads the servers (bounded by the connector's timeouts). */
    public ServeMetrics(Consumer<LagSink> lag) {
        if (lag != null) {
            GaugeWithCallback.builder().name("dbflip_replication_lag_seconds")
                    .help("Seconds_Behind_Source of each replicating side, read at scrape time").labelNames("cluster", "side")
                    .callback(cb -> lag.accept((c, s, v) -> cb.call(v, c, s))).register(registry);
        }
    }

    public void flipFinished(FlipReport r) {
        flips.labelValues(r.cluster(), direction(r.from(), r.to()), r.outcome()).inc();
        if (r.blackoutMillis() != null) {
            blackout.labelValues(r.cluster()).observe(r.blackoutMillis() / 1000.0);
        }
        for (StepRecord s : r.steps()) {
            if (s.kind() == io.dbflip.journal.StepKind.STEP) { // undo steps are named by what they undo: too many names for a label
                steps.labelValues(String.valueOf(s.no()), s.name()).observe(s.millis() / 1000.0);
            }
        }
        lastFlip.labelValues(r.cluster()).set(r.finishedEpochMicros() / 1e6);
    }

    public void flipNotRun(String cluster, String from, String to, String outcome) {
        flips.labelValues(cluster, direction(from, to), outcome).inc();
    }

    public void preflightFailed(String cluster, List<Check> checks) {
        checks.stream().filter(c -> !c.ok()).forEach(c -> preflightFailures.labelValues(cluster, c.name()).inc());
    }

    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private static String direction(String from, String to) {
        return from + "->" + to;
    }
}
