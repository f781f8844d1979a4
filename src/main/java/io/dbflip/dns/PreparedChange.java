package io.dbflip.dns;

import java.util.List;

/**
 * Changes to one zone, fully built before the write blackout (messages, signatures' keys, clients,
 * request objects): {@link #apply()} only sends them and waits for the provider to accept them.
 */
public interface PreparedChange {
    String zone();

    List<RecordChange> changes();

    /** Send the change; throws {@link DnsException} if the provider refuses it or does not answer in time. */
    void apply();

    /**
     * Before the window: a harmless twin of {@link #apply()} on the same client (built, signed, sent,
     * answered and checked the same way, changing nothing), so that a fresh process's first real send
     * inside the blackout runs warm code. Throws as {@link #apply()} would. A provider without one does nothing.
     */
    default void warm() {
    }
}
