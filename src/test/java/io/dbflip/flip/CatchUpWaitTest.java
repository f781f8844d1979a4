package io.dbflip.flip;

import io.dbflip.progress.ProgressOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CatchUpWaitTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong();
    private final ProgressOutput out = ProgressOutput.withClock(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            ProgressOutput.Mode.PLAIN, Duration.ZERO, now::get);

    private CatchUpWait.Result run(long maxLag, Duration bound, Long... lags) {
        Deque<Long> q = new java.util.LinkedList<>(Arrays.asList(lags));
        return CatchUpWait.await("aurora catching up", () -> q.size() > 1 ? q.poll() : q.peek(), maxLag, bound,
                Duration.ofSeconds(1), out, now::get, d -> now.addAndGet(d.toNanos()));
    }

    @Test
    void withinTheLimitAtOnceWaitsForNothingAndPrintsNothing() {
        CatchUpWait.Result r = run(5, Duration.ofMinutes(1), 3L);
        assertThat(r.caughtUp()).isTrue();
        assertThat(r.waited()).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void waitsUntilTheLagIsWithinTheLimitShowingWhatIsCaughtUp() {
        CatchUpWait.Result r = run(5, Duration.ofMinutes(1), 45L, 35L, 25L, 4L);
        assertThat(r.caughtUp()).isTrue();
        assertThat(r.lastLag()).isEqualTo(4);
        assertThat(r.waited()).isEqualTo(Duration.ofSeconds(3));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        // 40 s of lag to catch up; 10 s caught up per second
        assertThat(printed).contains("aurora catching up: 25% 10 of 40 s of lag caught up, 10/s, ETA 3 s (lag 35 s, limit 5 s)");
        assertThat(printed.strip().lines().reduce((a, b) -> b).orElseThrow()).contains("100% 40 of 40", "in all (lag 4 s)");
    }

    @Test
    void givesUpAtTheBoundOrWhenTheLagIsUnknown() {
        CatchUpWait.Result late = run(5, Duration.ofSeconds(3), 100L, 99L, 98L, 97L, 96L);
        assertThat(late.caughtUp()).isFalse();
        assertThat(late.lastLag()).isEqualTo(97);
        assertThat(late.waited()).isEqualTo(Duration.ofSeconds(3));

        CatchUpWait.Result stopped = run(5, Duration.ofMinutes(1), 100L, null);
        assertThat(stopped.caughtUp()).isFalse();
        assertThat(stopped.lastLag()).isNull();
        assertThat(run(5, Duration.ofMinutes(1), (Long) null).caughtUp()).isFalse();
    }
}
