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
}
