package io.dbflip.flip;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writers that keep multi-statement transactions open all the time, as sysbench's oltp_write_only does: each
 * runs INSERT, a pause, UPDATE, COMMIT over and over as the app user, and a commit that returned is acknowledged
 * (its id in {@link #committed}). A fenced, ended or refused connection was never acknowledged: the writer
 * connects again, to the address its {@link Target} gives then (a fixed server, or what a DNS name resolves
 * to, so that the load follows the flip). Used by FenceUnderLoadIT and the chaos campaign.
 */
final class OltpLoad {
    /** Where a writer connects, asked again before each connection; closed when the writer stops. */
    interface Target extends AutoCloseable {
        /** host:port */
        String address() throws Exception;

        @Override
        default void close() {
        }
    }

    /** Ids of the rows whose commit returned, across every start. */
    final ConcurrentLinkedQueue<Long> committed = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final String table;
    private final long pauseMillis;
    private final String user;
    private final String password;

    /** {@code table} has columns id, writer, n, touched (dbflip_probe.load_t, dbflip_probe.chaos_t). */
    OltpLoad(String table, long pauseMillis, String user, String password) {
        this.table = table;
        this.pauseMillis = pauseMillis;
        this.user = user;
        this.password = password;
    }

    /** Starts {@code n} writer threads named {@code threadPrefix + i}, each with its own target from {@code target}. */
    Writers start(int n, String threadPrefix, Supplier<Target> target) {
        Writers w = new Writers();
        for (int i = 0; i < n; i++) {
            int writer = i;
            Thread t = new Thread(() -> write(writer, target, w.stop), threadPrefix + i);
            t.start();
            w.threads.add(t);
        }
        return w;
    }

    /** The threads of one start. */
    static final class Writers {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        /** Tells every writer to stop and waits up to {@code joinMillis} for each. */
        void stop(long joinMillis) throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(joinMillis);
            }
        }
    }

    private void write(int writer, Supplier<Target> targets, AtomicBoolean stop) {
        try (Target target = targets.get()) {
            while (!stop.get()) {
                String url;
                try {
                    url = "jdbc:mysql://" + target.address() + "/?sslMode=PREFERRED&allowPublicKeyRetrieval=true"
                            + "&connectTimeout=2000&socketTimeout=10000";
                } catch (Exception e) {
                    sleep(20);
                    continue;
                }
                try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        long id = ids.incrementAndGet();
                        s.execute("INSERT INTO " + table + " (id, writer, n) VALUES (" + id + ", " + writer + ", 0)");
                        Thread.sleep(pauseMillis);
                        s.execute("UPDATE " + table + " SET n = n + 1, touched = 1 WHERE id = " + id);
                        c.commit();
                        committed.add(id);
                    }
                } catch (SQLException e) {
                    // fenced, ended or refused: the open transaction was never acknowledged; connect again
                    sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
