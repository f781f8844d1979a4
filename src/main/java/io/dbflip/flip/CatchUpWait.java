package io.dbflip.flip;

import io.dbflip.progress.Progress;
import io.dbflip.progress.ProgressOutput;
import io.dbflip.progress.Unit;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Before a flip, and only when asked ({@code dbflip flip --catch-up-wait 10m}): waits until the new
 * master's replication lag is within {@code limits.max_lag}, drawing the lag caught up, its rate and an
 * ETA. It reads only (the lag, every {@code interval}); it takes no lock and changes nothing, so it
 * can be stopped at any moment. It gives up at once when the lag is unknown (a replication thread is
 * stopped: it would never catch up) and when the bound has passed; preflight then refuses with its
 * own message. The catch-up inside the window (step 7) is another wait: bounded by
 * {@code limits.catch_up_timeout}, done by the server, never polled.
 */
public final class CatchUpWait {
    /** How it ended: within the limit, unknown lag, or the bound passed (with the last lag read). */
    public record Result(boolean caughtUp, Long lastLag, Duration waited) {
    }

    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private CatchUpWait() {
    }

    public static Result await(String what, Supplier<Long> lagSeconds, long maxLagSeconds, Duration bound,
                               Duration interval, ProgressOutput out) {
        return await(what, lagSeconds, maxLagSeconds, bound, interval, out, System::nanoTime,
                d -> Thread.sleep(d.toMillis()));
    }

    static Result await(String what, Supplier<Long> lagSeconds, long maxLagSeconds, Duration bound, Duration interval,
                        ProgressOutput out, LongSupplier clock, Sleeper sleeper) {
        long t0 = clock.getAsLong();
        Long lag = lagSeconds.get();
        if (lag == null || lag <= maxLagSeconds) {
            return new Result(lag != null, lag, Duration.ZERO);
        }
        // done = seconds of lag caught up since the start, of those there are to catch up
        long first = lag;
        try (Progress p = out.start(what, first - maxLagSeconds, Unit.of("s of lag caught up"))) {
            while (true) {
                p.update(Math.max(0, first - lag), "lag " + lag + " s, limit " + maxLagSeconds + " s");
                Duration waited = Duration.ofNanos(clock.getAsLong() - t0);
                if (waited.compareTo(bound) >= 0) {
                    return new Result(false, lag, waited);
                }
                try {
                    sleeper.sleep(interval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Result(false, lag, Duration.ofNanos(clock.getAsLong() - t0));
                }
                lag = lagSeconds.get();
                if (lag == null || lag <= maxLagSeconds) {
                    p.update(first - maxLagSeconds, lag == null ? "lag unknown: a replication thread stopped" : "lag " + lag + " s");
                    return new Result(lag != null, lag, Duration.ofNanos(clock.getAsLong() - t0));
                }
            }
        }
    }
}
