package io.dbflip.flip;

import io.dbflip.cli.Main;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.verify.InSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: `sandbox up` again on a sandbox flipped to aurora made aurora-b replicate from onprem-a
 * while onprem-a replicated from aurora-b. It must leave a flipped topology as the flip left it.
 */
class SandboxUpAfterFlipIT {
    static SandboxFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("upflipped");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void sandboxUpOnAFlippedSandboxLeavesReplicationAsTheFlipLeftIt() {
        FlipReport r = f.flip("aurora", FlipListener.NONE);
        assertThat(r.outcome()).isEqualTo("completed");

        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("sandbox", "up", "--dir", f.sandbox.dir().toString());
        assertThat(exit).as("sandbox up again:\n%s\n%s", out, err).isZero();

        String aHost = f.side("onprem").host();
        String bHost = f.side("aurora").host();
        try (Server a = f.admin("onprem"); Server b = f.admin("aurora")) {
            // SHOW REPLICA STATUS: MySQL 8.4+ has no SHOW SLAVE STATUS; MariaDB keeps the Master_ column names
            List<Map<String, Object>> bStatus = b.query("SHOW REPLICA STATUS");
            assertThat(bStatus.stream().map(m -> field(m, "Source_Host", "Master_Host")))
                    .as("aurora-b replicates from no one (certainly not onprem-a)").noneMatch(aHost::equals);
            List<Map<String, Object>> aStatus = a.query("SHOW REPLICA STATUS");
            assertThat(aStatus).hasSize(1);
            assertThat(field(aStatus.get(0), "Source_Host", "Master_Host")).as("onprem-a replicates from aurora-b")
                    .isEqualTo(bHost);
            assertThat(field(aStatus.get(0), "Replica_SQL_Running", "Slave_SQL_Running")).isEqualTo("Yes");
            assertThat(a.queryString("SELECT @@global.read_only")).as("onprem-a is read-only").isEqualTo("1");
            assertThat(b.queryString("SELECT @@global.read_only")).as("aurora-b is writable").isEqualTo("0");

            var app = f.side("aurora").appUsers().get(0);
            try (Server asApp = f.opener.open(f.side("aurora"), app)) {
                asApp.execute(Sql.of("INSERT INTO audit.events (kind) VALUES ('after-second-up')"));
            }
            InSync.await(b, a, Duration.ofSeconds(30));
            assertThat(a.queryString("SELECT COUNT(*) FROM audit.events WHERE kind = 'after-second-up'"))
                    .as("the app's write on aurora-b reached onprem-a").isEqualTo("1");
        }
        assertThat(out.toString()).contains("aurora-b is master (flipped); leaving replication as it is");
    }

    private static String field(Map<String, Object> row, String name, String older) {
        return String.valueOf(row.containsKey(name) ? row.get(name) : row.get(older));
    }
}
