package io.dbflip.dns;

import java.util.List;

/**
 * A record as its zone's authoritative server answers it now.
 *
 * @param values the rrset's values, normalized ({@link RecordChange#normalize}); empty when the name has none
 * @param ttl    seconds; -1 when absent
 */
public record RecordState(List<String> values, long ttl) {
    public static final RecordState ABSENT = new RecordState(List.of(), -1);

    public RecordState {
        values = List.copyOf(values);
    }

    public boolean exists() {
        return !values.isEmpty();
    }

    /** True when the rrset is exactly this one value. */
    public boolean is(String value) {
        return values.size() == 1 && values.get(0).equals(value);
    }
}
