package io.dbflip.flip;

import io.dbflip.config.SideConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 1: the fence holds under an OLTP-like write load. Writers as the app user keep
 * multi-statement transactions open all the time (INSERT, a pause, UPDATE, COMMIT), as sysbench's
 * oltp_write_only does; the read_only fence waits behind them. Every flip there and back must
 * complete (before the fix, SET GLOBAL read_only timed out with 1205 and the flip rolled back),
 * with every acknowledged commit on the new master and the cut transactions named in the report.
 */
class FenceUnderLoadIT {
    static SandboxFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("load");
        new Faults(f).sql("onprem", "CREATE TABLE IF NOT EXISTS dbflip_probe.load_t (id BIGINT PRIMARY KEY,"
                + " writer INT NOT NULL, n INT NOT NULL, touched INT NOT NULL DEFAULT 0) ENGINE=InnoDB");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void flipsThereAndBackCompleteUnderOpenTransactionsAndLoseNoCommit() throws Exception {
        Map<String, String> env = f.sandbox.env();
        String password = env.get("DBFLIP_APP_PASSWORD");
        OltpLoad load = new OltpLoad("dbflip_probe.load_t", 15, "app", password);
        ConcurrentLinkedQueue<Long> committed = load.committed;
        List<String> outcomes = new ArrayList<>();
        int cutTotal = 0;
        for (int round = 0; round < 4; round++) {
            Topology t = Topology.read(f.cluster, f.opener);
            SideConfig master = t.master();
            OltpLoad.Writers writers = load.start(4, "load-", () -> () -> master.host() + ":" + master.port());
            Thread.sleep(400); // the load is under way: there is always an open transaction
            FlipReport r;
            try {
                r = f.flip(t.replica().role(), FlipListener.NONE);
            } catch (FlipFailedException e) {
                r = e.report();
            } finally {
                writers.stop(10_000);
            }
            outcomes.add(r.outcome());
            cutTotal += r.endedSessions().size();
            System.out.printf("FIGURE flip under load %s→%s: %s, blackout %.1f ms, %d session(s) ended, notes %s%n",
                    r.from(), r.to(), r.outcome(), r.blackoutMillis(), r.endedSessions().size(), r.notes());
        }
        assertThat(outcomes).containsOnly("completed");
        assertThat(committed).isNotEmpty();
        // every acknowledged commit is on both sides once they agree
        Topology t = Topology.read(f.cluster, f.opener);
        try (var m = f.admin(t.master().role()); var rep = f.admin(t.replica().role())) {
            io.dbflip.verify.InSync.await(m, rep, java.time.Duration.ofSeconds(30));
            for (var s : List.of(m, rep)) {
                long present = Long.parseLong(s.queryString("SELECT COUNT(*) FROM dbflip_probe.load_t WHERE touched = 1"));
                assertThat(present).as("committed rows on %s", s.name()).isGreaterThanOrEqualTo(committed.size());
            }
            String missing = m.queryString("SELECT COUNT(*) FROM dbflip_probe.load_t WHERE id IN ("
                    + String.join(",", committed.stream().map(String::valueOf).toList()) + ") AND touched = 1");
            assertThat(Long.parseLong(missing)).isEqualTo(committed.size());
        }
        System.out.printf("FIGURE flips under load: %d commits acknowledged, 0 lost, %d session(s) cut in total%n",
                committed.size(), cutTotal);
    }

    /**
     * A write statement in flight when the fence comes (3 s, longer than lock_wait_timeout, started
     * after preflight): read_only waits for it. Before the fix the fence timed out (1205) and the flip
     * rolled back; now the statement's session is ended while the fence waits, and the flip completes.
     */
    @Test
    void aWriteInFlightWhenTheFenceComesIsEndedAndTheFlipCompletes() throws Exception {
        Topology t = Topology.read(f.cluster, f.opener);
        SideConfig master = t.master();
        String password = f.sandbox.env().get("DBFLIP_APP_PASSWORD");
        java.util.concurrent.atomic.AtomicReference<Throwable> statementEnd = new java.util.concurrent.atomic.AtomicReference<>();
        Thread[] inFlight = new Thread[1];
        FlipListener slowWrite = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if (no == 2) {
                    inFlight[0] = new Thread(() -> {
                        String url = "jdbc:mysql://" + master.host() + ":" + master.port()
                                + "/?sslMode=PREFERRED&allowPublicKeyRetrieval=true&connectTimeout=2000&socketTimeout=20000";
                        try (Connection c = DriverManager.getConnection(url, "app", password); Statement s = c.createStatement()) {
                            s.execute("INSERT INTO dbflip_probe.load_t (id, writer, n) SELECT 9999999, 99, SLEEP(3)");
                        } catch (SQLException e) {
                            statementEnd.set(e);
                        }
                    }, "slow-write");
                    inFlight[0].start();
                    sleep(300); // the statement runs when step 3 begins
                }
            }
        };
        FlipReport r;
        try {
            r = f.flip(t.replica().role(), slowWrite);
        } catch (FlipFailedException e) {
            r = e.report();
        }
        inFlight[0].join(20_000);
        System.out.printf("FIGURE write in flight at the fence: %s, blackout %.1f ms, step 3: %s%n", r.outcome(),
                r.blackoutMillis(), r.steps().stream().filter(st -> st.no() == 3).map(StepRecord::details).findFirst().orElse(""));
        assertThat(r.outcome()).isEqualTo("completed");
        assertThat(statementEnd.get()).as("the in-flight statement's session was ended").isNotNull();
        assertThat(r.endedSessions()).anySatisfy(p -> assertThat(p.user()).isEqualTo("app"));
        // its client was told nothing succeeded; the row may still have committed (MySQL ends a killed
        // SLEEP early and completes the statement) — then on both sides, never on one
        try (var m = f.admin(r.to()); var old = f.admin(r.from())) {
            io.dbflip.verify.InSync.await(m, old, java.time.Duration.ofSeconds(30));
            String sql = "SELECT COUNT(*) FROM dbflip_probe.load_t WHERE id = 9999999";
            assertThat(m.queryString(sql)).isEqualTo(old.queryString(sql));
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
