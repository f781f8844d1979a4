package io.dbflip.config;

import java.time.Duration;

/**
 * The bounds a flip works within; each component is declared, with its key, default and description,
 * by the {@link LimitField} of the same name.
 *
 * @param maxLag            {@link LimitField#MAX_LAG}
 * @param catchUpTimeout    {@link LimitField#CATCH_UP_TIMEOUT}
 * @param killGrace         {@link LimitField#KILL_GRACE}
 * @param maxTtl            {@link LimitField#MAX_TTL}, in seconds
 * @param longTransaction   {@link LimitField#LONG_TRANSACTION}
 * @param lockWaitTimeout   {@link LimitField#LOCK_WAIT_TIMEOUT}
 */
public record Limits(Duration maxLag, Duration catchUpTimeout, Duration killGrace, int maxTtl,
                     Duration longTransaction, Duration lockWaitTimeout) {
    /** Every limit at its declared default. */
    public static final Limits DEFAULTS = new Limits(LimitField.MAX_LAG.defaultValue(),
            LimitField.CATCH_UP_TIMEOUT.defaultValue(), LimitField.KILL_GRACE.defaultValue(),
            LimitField.MAX_TTL.defaultValue(), LimitField.LONG_TRANSACTION.defaultValue(),
            LimitField.LOCK_WAIT_TIMEOUT.defaultValue());
}
