package io.dbflip.dns;

import java.util.List;

/**
 * A way to change DNS records. {@link #name()} equals the provider's {@code type} in the config.
 * Implementations do every slow thing (secrets, keys, clients, sockets' resolution) in {@link #prepare},
 * so the prepared change only sends.
 */
public interface DnsProvider extends AutoCloseable {
    /** {@code rfc2136} or {@code route53}. */
    String name();

    /** Build the change for records that all live in one zone of this provider. */
    PreparedChange prepare(List<RecordChange> changes);

    /** The record's current value(s) and TTL, from the zone's authoritative source (never a cache). */
    RecordState read(RecordChange record);

    /** Each record's state, in order; a provider that can ask for them all at once overrides it. */
    default List<RecordState> readAll(List<RecordChange> records) {
        return records.stream().map(this::read).toList();
    }

    /**
     * Preflight: prove the provider answers and accepts our credentials for this zone, changing nothing.
     * {@code current} carries the record's current value as its {@code newValue}.
     */
    void checkAccess(RecordChange current);

    /**
     * The most records one prepared change (one message) may carry; a zone with more goes out as several.
     * Route 53 takes 1,000 resource records per change batch, an UPSERT counting twice; an RFC 2136
     * update is one DNS message, at most 64 KiB over TCP.
     */
    default int maxRecordsPerMessage() {
        return 500;
    }

    /** Undo applied changes: point each record back at its old value. */
    default void revert(List<RecordChange> applied) {
        prepare(applied.stream().map(RecordChange::reversed).toList()).apply();
    }

    @Override
    default void close() {
    }
}
