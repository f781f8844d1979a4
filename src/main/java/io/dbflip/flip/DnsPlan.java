package io.dbflip.flip;

import java.util.List;
import java.util.Map;

/**
 * The DNS change of one flip, prepared before the blackout: {@link #apply()} only sends, in
 * parallel per zone (each update's answer says it was applied whole); on any failure it reverts the
 * zones it changed and throws. {@link #readBack()}, after the unfence, reads every record back from
 * its authoritative server.
 */
public interface DnsPlan {
    List<String> describe();

    void apply();

    /** Before the window: the change's harmless twin sent the way {@link #apply()} sends (changes nothing). */
    default void warm() {
    }

    /**
     * After the window: every record read back from its authoritative server; throws naming a record
     * that does not hold the new value. Returns what was read (for the report), or null when this
     * plan has nothing to read back (no records, or a change it never sent).
     */
    default String readBack() {
        return null;
    }

    /**
     * This change may go out as soon as A is fenced, beside steps 4 to 8, rather than at step 9: it points
     * clients at B, which refuses their writes until step 10, so sending it early moves no write, and a
     * rollback (in the flip, or after a crash: {@link AfterCrash} points the records at A whatever the
     * journal says) puts it back. False for a change another party sends (a fleet's shared update).
     */
    default boolean sendsAhead() {
        return false;
    }

    /**
     * Of a change that {@link #sendsAhead()}: it goes out as the window opens, beside A's fence (step 3), not
     * after it. B refuses writes since step 2, so a client that resolves the name now is refused there, while
     * the clients already on A write on until A's fence and all of that is behind A's final position (step 6):
     * no write can land on B before step 10 either way. A fleet's shared update is such a change: sent after
     * every cluster's fence, it began 70-90 ms into each window (the fences of 16 clusters on two cores) and
     * BIND took 30-50 ms more to apply it, most of each window. A fence that fails puts it back in the
     * rollback, as any later failure does.
     */
    default boolean sendsBeforeFence() {
        return false;
    }

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
