package io.dbflip.journal;

/**
 * A held cluster lock. Release it in a finally (try-with-resources): a lock a dead process left
 * behind blocks every new flip of the cluster until resume or rollback takes it over.
 */
public interface ClusterLock extends AutoCloseable {
    String cluster();

    LockHolder holder();

    /** Releases the lock; a second call does nothing. */
    @Override
    void close();
}
