package io.dbflip.config;

import java.time.Duration;
import java.util.List;

import static io.dbflip.config.FieldType.COUNT;
import static io.dbflip.config.FieldType.DURATION;

/**
 * One field of a {@code limits} section, declared once: its key, type, default and description.
 * {@link ConfigFields} declares {@code defaults.limits.*} and {@code clusters[].limits.*} from these,
 * {@link LimitValues} reads them with their Java type, and {@link Limits#DEFAULTS} is their defaults,
 * so a limit keeps its type from the file to the flip.
 *
 * @param javaType    the value's type in Java: Duration for a DURATION field, Integer for a COUNT field
 * @param defaultText the default as it would be written in YAML (what the reference prints)
 */
public record LimitField<T>(String key, FieldType type, Class<T> javaType, String defaultText, String description) {
    public static final LimitField<Duration> MAX_LAG = new LimitField<>("max_lag", DURATION, Duration.class, "5s",
            "Preflight refuses when the new master lags more than this.");
    public static final LimitField<Duration> CATCH_UP_TIMEOUT = new LimitField<>("catch_up_timeout", DURATION, Duration.class,
            "10s", "Bound of the catch-up wait; past it, the flip rolls back.");
    public static final LimitField<Duration> KILL_GRACE = new LimitField<>("kill_grace", DURATION, Duration.class, "0ms",
            "How long client sessions may finish after the fence before they are ended.");
    public static final LimitField<Integer> MAX_TTL = new LimitField<>("max_ttl", COUNT, Integer.class, "60",
            "Preflight refuses a DNS record whose TTL (seconds) is above this.");
    public static final LimitField<Duration> LONG_TRANSACTION = new LimitField<>("long_transaction", DURATION, Duration.class,
            "10s", "Preflight refuses when a transaction on the old master is older than this.");
    public static final LimitField<Duration> LOCK_WAIT_TIMEOUT = new LimitField<>("lock_wait_timeout", DURATION, Duration.class,
            "2s", "Bound of the flushes and the fence (lock_wait_timeout).");

    /** Every limit, in the order of the reference and of {@link Limits}' components. */
    public static final List<LimitField<?>> ALL = List.of(MAX_LAG, CATCH_UP_TIMEOUT, KILL_GRACE, MAX_TTL, LONG_TRANSACTION,
            LOCK_WAIT_TIMEOUT);

    /** A declaration whose default is not a valid value of its type, or whose type is not read as javaType, fails at class load. */
    public LimitField {
        if (Values.check(type, defaultText) != null || !javaType.isInstance(Values.convert(type, defaultText))) {
            throw new IllegalArgumentException("limit " + key + ": default " + defaultText + " is not a " + javaType.getSimpleName());
        }
    }

    /** The declared default, typed. */
    public T defaultValue() {
        return javaType.cast(Values.convert(type, defaultText));
    }

    /** This field's value in a limits section; null when absent, or when bad (the section reported it). */
    T read(Section s) {
        return s.has(key) ? s.typed(key, javaType) : null;
    }
}
