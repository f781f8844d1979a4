package io.dbflip.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressOutputTest {
    private static final long S = 1_000_000_000L;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1000 * S);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainPrintsOneLineEachIntervalAndALastLine() {
        ProgressOutput o = ProgressOutput.withClock(err, ProgressOutput.Mode.PLAIN, Duration.ofSeconds(5), now::get);
        try (Progress p = o.start("restore s3://b/p", 100_000_000, Unit.BYTES)) {
            for (int s = 1; s <= 12; s++) {
                now.addAndGet(S);
                p.update(s * 5_000_000L);
            }
        }
        String[] lines = printed().split("\n");
        // at 5 s and 10 s, then the last line
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("restore s3://b/p: 25% 25.0 MB of 100.0 MB, 5.0 MB/s, ETA 15 s");
        assertThat(lines[1]).isEqualTo("restore s3://b/p: 50% 50.0 MB of 100.0 MB, 5.0 MB/s, ETA 10 s");
        assertThat(lines[2]).isEqualTo("restore s3://b/p: 60% 60.0 MB of 100.0 MB, 5.0 MB/s, 12 s in all");
        assertThat(printed()).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void aShortTaskPrintsOnlyItsLastLine() {
        ProgressOutput o = ProgressOutput.withClock(err, ProgressOutput.Mode.PLAIN, Duration.ofSeconds(5), now::get);
        Progress p = o.start("objects apply", 40, Unit.of("statements"));
        now.addAndGet(S / 2);
        p.update(40);
        p.close();
        p.close();
        assertThat(printed()).isEqualTo("objects apply: 100% 40 of 40 statements, 80/s, 0 s in all\n");
    }

    @Test
    void terminalRedrawsOneLineInPlaceWithABar() {
        ProgressOutput o = ProgressOutput.withClock(err, ProgressOutput.Mode.TERMINAL, Duration.ofMillis(200), now::get);
        try (Progress p = o.start("verify", 8, Unit.of("chunks"))) {
            now.addAndGet(S / 10);
            p.update(1); // under 200 ms: not drawn
            now.addAndGet(S / 10);
            p.update(2, "db.t1");
            now.addAndGet(S);
            p.update(4);
        }
        String out = printed();
        assertThat(out).startsWith("\rverify: [######..................] 25% 2 of 8 chunks, 10/s, ETA 1 s (db.t1)\u001b[K");
        assertThat(out).contains("\rverify: [############............] 50% 4 of 8 chunks");
        assertThat(out).endsWith(" 1 s in all (db.t1)\u001b[K\n");
        assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(3);
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void quietPrintsNothing() {
        try (Progress p = ProgressOutput.QUIET.start("backup", 10, Unit.BYTES)) {
            p.update(5);
        }
        ProgressOutput.QUIET.note("cluster available");
        ProgressOutput q = ProgressOutput.of(err, ProgressOutput.Mode.QUIET);
        q.start("x", 1, Unit.BYTES).close();
        q.note("y");
        assertThat(printed()).isEmpty();
    }

    @Test
    void unknownTotalShowsAmountAndRateButNoPercentOrEta() {
        ProgressOutput o = ProgressOutput.withClock(err, ProgressOutput.Mode.PLAIN, Duration.ofSeconds(1), now::get);
        Progress p = o.start("backup a -> s3://b/p", 0, Unit.BYTES);
        now.addAndGet(2 * S);
        p.update(3_000_000_000L, "uploaded 1.0 GB compressed");
        assertThat(printed()).isEqualTo("backup a -> s3://b/p: 3.00 GB, 1500.0 MB/s (uploaded 1.0 GB compressed)\n");
    }

    @Test
    void aShareReportedBySomeoneElseShowsPercentWaitAndEta() {
        ProgressOutput o = ProgressOutput.withClock(err, ProgressOutput.Mode.PLAIN, Duration.ofSeconds(5), now::get);
        Progress p = o.start("cluster c1", 100, Unit.PERCENT);
        now.addAndGet(100 * S);
        p.update(20, "creating");
        p.update(100, "available");
        p.close();
        assertThat(printed()).isEqualTo("cluster c1: 20%, waited 1 min 40 s, ETA 6 min 40 s (creating)\n"
                + "cluster c1: 100%, 1 min 40 s in all (available)\n");
    }

    @Test
    void rateEtaAndPercentMaths() {
        assertThat(Meter.rate(100, 2 * S)).isEqualTo(50.0);
        assertThat(Meter.rate(100, 0)).isZero();
        assertThat(Meter.etaSeconds(25, 100, 5)).isEqualTo(15);
        assertThat(Meter.etaSeconds(99, 100, 3)).isEqualTo(1); // rounded up: never "0 s" before the end
        assertThat(Meter.etaSeconds(100, 100, 3)).isZero();
        assertThat(Meter.etaSeconds(10, 0, 3)).isEqualTo(-1);
        assertThat(Meter.etaSeconds(0, 100, 0)).isEqualTo(-1);
        assertThat(Meter.percent(1, 3)).isEqualTo(33);
        assertThat(Meter.percent(5, 3)).isEqualTo(100);
        assertThat(Meter.percent(5, 0)).isEqualTo(-1);
        assertThat(Meter.duration(59)).isEqualTo("59 s");
        assertThat(Meter.duration(185)).isEqualTo("3 min 5 s");
        assertThat(Meter.duration(7800)).isEqualTo("2 h 10 min");
        assertThat(Meter.bar(50, 10)).isEqualTo("[#####.....]");
    }
}
