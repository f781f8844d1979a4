package io.dbflip.sandbox;

import io.dbflip.mysql.Dialect;
import io.dbflip.mysql.Dialects;
import io.dbflip.mysql.Flavor;
import io.dbflip.mysql.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 2 item 8, the seed's caveat: a plain server replicating from aurora-b stops on the
 * heartbeat RDS writes into mysql.rds_heartbeat2 (error 1146), and runs on once it ignores
 * mysql.rds% tables. On the engine the suite's run names (MySQL's Aurora-like server and MariaDB's).
 */
class RdsHeartbeatCaveatIT {
    static Path root;
    static Sandbox sb;
    static SandboxServer x;

    @BeforeAll
    static void up() throws IOException {
        root = Files.createTempDirectory("dbflip-caveat-it");
        sb = Sandbox.up(root.resolve("sb"), SandboxOptions.defaults());
        // a fresh server on the sandbox's own subnet (.9), like an on-premise server after a flip
        x = SandboxServer.start(sb.engine(), "x", root.resolve("x"), sb.layout().subnet() + "9", SandboxLayout.MYSQL_PORT,
                sb.layout().slot() * 10 + 9, List.of());
    }

    @AfterAll
    static void down() throws IOException {
        if (x != null) {
            x.stop();
        }
        if (sb != null) {
            sb.down();
        }
        SandboxServer.deleteTree(root);
    }

    @Test
    void aReplicaOfAuroraBreaksOnTheHeartbeatWithoutTheReverseFilterAndRunsOnWithIt() throws Exception {
        SandboxLayout.ClusterLayout c = sb.layout().cluster(1);
        try (Connection a = SandboxSql.connect(c.onpremA().host(), SandboxLayout.MYSQL_PORT, SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD);
             Connection b = SandboxSql.connect(c.auroraB().host(), SandboxLayout.MYSQL_PORT, SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD);
             Connection cx = x.rootConnection()) {
            io.dbflip.mysql.BinlogPosition pos = SandboxSql.masterStatus(b).position();
            SandboxSql.executeSql(cx, "x replicates from aurora-b", SandboxSql.setupReplication(sb.engine().flavor(),
                    c.auroraB().host(), SandboxLayout.MYSQL_PORT, "repl", sb.secret(SandboxConfig.REPL),
                    pos.file(), pos.position()));
            SandboxSql.execute(a, "writes on A", List.of("CREATE DATABASE caveat",
                    "CREATE TABLE caveat.t (id INT PRIMARY KEY)", "INSERT INTO caveat.t VALUES (1)"));

            io.dbflip.mysql.ReplicationStatus st = awaitSqlError(cx, Duration.ofSeconds(20));
            assertThat(st.lastErrno()).isEqualTo(1146);
            // MySQL's parallel applier reports the worker's error in the error log, its coordinator in the status
            assertThat(sb.engine() == Engine.MYSQL ? Files.readString(x.dir().resolve("error.log")) : st.lastError())
                    .contains("rds_heartbeat2");

            // the reverse filter as the mysql dialect writes it (replica stopped, then started again)
            Dialect d = Dialects.of(sb.engine().flavor());
            List<Sql> filter = new java.util.ArrayList<>(d.stopReplica());
            filter.addAll(d.ignoreRdsTables());
            filter.addAll(d.startReplica());
            SandboxSql.executeSql(cx, "reverse filter", filter);
            assertThat(SandboxSql.replicaStatus(cx).wildIgnoreTable()).isEqualTo("mysql.rds%");
            for (int i = 2; i <= 9; i++) {
                SandboxSql.execute(a, "write " + i, List.of("INSERT INTO caveat.t VALUES (" + i + ")"));
                Thread.sleep(500);
                io.dbflip.mysql.ReplicationStatus now = SandboxSql.replicaStatus(cx);
                assertThat(now.lastErrno()).as("after %d s", i / 2).isEqualTo(0);
                assertThat(SandboxSql.running(now)).isTrue();
            }
            SandboxSql.awaitCaughtUp(b, cx, "x", Duration.ofSeconds(20));
            assertThat(SandboxSql.row(cx, "SELECT COUNT(*) n FROM caveat.t").get("n")).isEqualTo("9");
            assertThat(SandboxSql.row(cx, "SELECT COUNT(*) n FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'rds_heartbeat2'").get("n")).isEqualTo("0");
        }
    }

    private static io.dbflip.mysql.ReplicationStatus awaitSqlError(Connection cx, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        io.dbflip.mysql.ReplicationStatus st = SandboxSql.replicaStatus(cx);
        while (System.nanoTime() < deadline && (st == null || st.lastErrno() == 0)) {
            Thread.sleep(100);
            st = SandboxSql.replicaStatus(cx);
        }
        return st;
    }
}
