package io.dbflip.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The limits one section sets (a cluster's own {@code limits}, or {@code defaults.limits}), each value of its
 * field's declared type: {@link #get} hands it back typed, and only a value of that type can be put in.
 */
final class LimitValues {
    static final LimitValues NONE = new LimitValues(Map.of());

    private final Map<LimitField<?>, Object> values;

    private LimitValues(Map<LimitField<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The limits a section sets; a bad value has been reported by the section and is left out. */
    static LimitValues read(Section s) {
        Map<LimitField<?>, Object> out = new LinkedHashMap<>();
        for (LimitField<?> f : LimitField.ALL) {
            Object v = f.read(s);
            if (v != null) {
                out.put(f, v);
            }
        }
        return new LimitValues(out);
    }

    /** Values gathered field by field (the inventory's defaults, merged over its files); each is checked against its field's type. */
    static LimitValues of(Map<LimitField<?>, FilePart.Located<?>> located) {
        Map<LimitField<?>, Object> out = new LinkedHashMap<>();
        located.forEach((f, v) -> out.put(f, f.javaType().cast(v.value())));
        return new LimitValues(out);
    }

    Set<LimitField<?>> fields() {
        return values.keySet();
    }

    /** The field's value, or null when this section does not set it. */
    <T> T get(LimitField<T> f) {
        return f.javaType().cast(values.get(f));
    }

    /** Every limit from the first that sets it: this section, then {@code lower}, then the field's declared default. */
    Limits over(LimitValues lower) {
        return new Limits(pick(LimitField.MAX_LAG, lower), pick(LimitField.CATCH_UP_TIMEOUT, lower),
                pick(LimitField.KILL_GRACE, lower), pick(LimitField.MAX_TTL, lower), pick(LimitField.LONG_TRANSACTION, lower),
                pick(LimitField.LOCK_WAIT_TIMEOUT, lower));
    }

    private <T> T pick(LimitField<T> f, LimitValues lower) {
        T own = get(f);
        if (own != null) {
            return own;
        }
        T inherited = lower.get(f);
        return inherited != null ? inherited : f.defaultValue();
    }
}
