package io.dbflip.config;

import java.time.Duration;

/**
 * The bounds a flip works within.
 *
 * @param maxLag            preflight refuses when the new master lags more than this
 * @param catchUpTimeout    the catch-up wait's bound; past it, the flip rolls back
 * @param killGrace         how long client sessions may finish after the fence before they are ended
 * @param maxTtl            preflight refuses a DNS record whose TTL (seconds) is above this
 * @param longTransaction   preflight refuses when a transaction on the old master is older than this
 * @param lockWaitTimeout   bound of the flushes and the fence (lock_wait_timeout)
 */
public record Limits(Duration maxLag, Duration catchUpTimeout, Duration killGrace, int maxTtl,
                     Duration longTransaction, Duration lockWaitTimeout) {
    public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofMillis(0), 60, Duration.ofSeconds(10), Duration.ofSeconds(2));
}
