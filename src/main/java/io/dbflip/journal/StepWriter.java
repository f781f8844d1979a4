package io.dbflip.journal;

import io.dbflip.DbflipException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a journal's step records on a thread of its own, in order, as few transactions as it can
 * (all that queued up during the previous commit go in the next). The flip's thread only queues a
 * record, a few microseconds, inside the write blackout; it calls {@link #flush()} before and after
 * the blackout to know everything so far is stored. A failed write is kept and thrown by the next
 * submit or flush, so a journal that stopped recording stops the flip at its next step.
 */
final class StepWriter {
    private static final long FLUSH_BOUND_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(StepWriter.class);

    private final JdbcJournal journal;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Thread thread;
    private long submitted;
    private long written;
    private RuntimeException failure;
    private boolean closed;
    private boolean reported;

    StepWriter(JdbcJournal journal) {
        this.journal = journal;
        this.thread = new Thread(this::loop, "dbflip-journal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void submit(Runnable write) {
        if (failure != null) {
            reported = true;
            throw failure;
        }
        if (closed) {
            throw DbflipException.failed("journal " + journal.location() + " is closed");
        }
        queue.add(write);
        submitted++;
        notifyAll();
    }

    /** Waits until every record submitted so far is committed; bounded. */
    synchronized void flush() {
        long target = submitted;
        long deadline = System.currentTimeMillis() + FLUSH_BOUND_MS;
        while (written < target && failure == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw DbflipException.failed("journal " + journal.location() + ": step records not written after "
                        + FLUSH_BOUND_MS / 1000 + " s; check the journal's database");
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DbflipException.failed("interrupted while writing the journal");
            }
        }
        if (failure != null) {
            reported = true;
            throw failure;
        }
    }

    private void loop() {
        while (true) {
            List<Runnable> batch;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            RuntimeException error = null;
            try {
                journal.writeBatch(batch);
            } catch (RuntimeException e) {
                error = e;
            }
            synchronized (this) {
                written += batch.size();
                if (error != null && failure == null) {
                    failure = error;
                }
                notifyAll();
            }
        }
    }

    /** Writes what is queued, then stops the thread. */
    void close() {
        try {
            flush();
        } catch (RuntimeException e) {
            // close() runs in finally blocks: never hide the error that got us there; say it once
            if (!reported) {
                LOG.warn("journal {}: step records were lost: {}", journal.location(), e.getMessage());
            }
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            try {
                thread.join(FLUSH_BOUND_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
