package io.dbflip.flip;

import java.util.List;
import java.util.Map;

/**
 * The DNS change of one flip, prepared before the blackout: {@link #apply()} only sends, in
 * parallel per zone, and reads every record back from its authoritative server; on any failure it
 * reverts the zones it changed and throws.
 */
public interface DnsPlan {
    List<String> describe();

    void apply();

    /** Put every record back to the old side's value (rollback after a later step failed). */
    void revert();

    /** Per zone: prepare/apply/verify timings in milliseconds, for the report. */
    Map<String, Object> timings();

    DnsPlan NONE = new DnsPlan() {
        public List<String> describe() { return List.of("(no DNS records configured)"); }
        public void apply() { }
        public void revert() { }
        public Map<String, Object> timings() { return Map.of(); }
    };
}
