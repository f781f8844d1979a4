package io.dbflip.flip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by bench/flip-load (MySQL, sysbench oltp_write_only at 16 threads): step 1's FLUSH TABLES on A waited
 * behind a statement slower than lock_wait_timeout and failed with 1205, rolling the flip back before the fence.
 * With only transactional tables on A the flush readies nothing for the fence, and is skipped (as step 5 is).
 */
class FlushUnderLoadIT {
    static SandboxFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("flush");
        new Faults(f).sql("onprem", "CREATE TABLE IF NOT EXISTS dbflip_probe.flush_t (id INT PRIMARY KEY) ENGINE=InnoDB",
                "INSERT IGNORE INTO dbflip_probe.flush_t VALUES (1)");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aStatementSlowerThanLockWaitTimeoutOnAWhenTheFlipStartsNeitherBlocksNorRollsItBack() throws Exception {
        Map<String, String> env = f.sandbox.env();
        Topology t = Topology.read(f.cluster, f.opener);
        String url = "jdbc:mysql://" + t.master().host() + ":" + t.master().port() + "/?useSSL=false&allowPublicKeyRetrieval=true";
        Thread slow = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(url, env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD"));
                 Statement s = c.createStatement()) {
                s.executeQuery("SELECT id, SLEEP(5) FROM dbflip_probe.flush_t"); // holds the table open for 5 s
            } catch (Exception e) {
                // its session is ended by the flip's kill step: expected
            }
        }, "slow-select");
        slow.start();
        Thread.sleep(500);
        FlipReport r;
        try {
            r = f.flip(t.replica().role(), FlipListener.NONE);
        } catch (FlipFailedException e) {
            r = e.report();
        }
        slow.join(15_000);
        assertThat(r.outcome()).as("%s %s", r.steps(), r.notes()).isEqualTo("completed");
        assertThat(r.steps().stream().filter(st -> st.no() == 1).findFirst().orElseThrow().details()).contains("flush skipped (only transactional tables)");
    }
}
