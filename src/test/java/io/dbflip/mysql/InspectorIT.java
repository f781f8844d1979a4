package io.dbflip.mysql;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import io.dbflip.config.Credentials;
import io.dbflip.config.Secret;
import io.dbflip.config.SideConfig;
import io.dbflip.config.TlsConfig;
import io.dbflip.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real MariaDB master and a replica set up with {@link MariaDbDialect}, read with {@link Inspector}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectorIT {
    static final String M_HOST = "127.71.0.1";
    static final String R_HOST = "127.71.0.2";
    static final int PORT = 3310;
    static final String REPL_PW = "re'pl\\pw";
    static final String APP_PW = "app-pw-71";

    @TempDir
    static Path dir;
    SandboxServer m;
    SandboxServer r;
    final Connector connector = new Connector(Duration.ofSeconds(3), Duration.ofSeconds(30));

    static SideConfig side(String role, String host, String user, String pw, String flavor) {
        return new SideConfig(role, host, PORT, flavor, new Credentials(user, Secret.literal(pw)),
                new Credentials("repl", Secret.literal(REPL_PW)), List.of(new Credentials("app", Secret.literal(APP_PW))),
                "read-only", "kill", TlsConfig.DISABLED, null);
    }

    SideConfig mSide() {
        return side("m", M_HOST, SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD, "auto");
    }

    SideConfig rSide() {
        return side("r", R_HOST, SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD, "mariadb");
    }

    @BeforeAll
    void start() throws Exception {
        m = SandboxServer.start("m", dir.resolve("m"), M_HOST, PORT, 7101, List.of());
        r = SandboxServer.start("r", dir.resolve("r"), R_HOST, PORT, 7102, List.of());
        // the replication account exists before the coordinates: it need not replicate
        m.execute("CREATE USER 'repl'@'%' IDENTIFIED BY " + Quote.string(REPL_PW),
                "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
        BinlogPosition start;
        try (Server ms = connector.connect(mSide())) {
            start = Inspector.inspect(ms).binlogPosition();
        }
        m.execute("CREATE DATABASE t", "CREATE TABLE t.x (id INT PRIMARY KEY)",
                "CREATE USER 'app'@'%' IDENTIFIED BY '" + APP_PW + "'", "GRANT SELECT, INSERT ON t.* TO 'app'@'%'",
                "INSERT INTO t.x VALUES (1)");
        try (Server rs = connector.connect(rSide())) {
            rs.executeAll(rs.dialect().setupReplication(new ReplicationSource(M_HOST, PORT, "repl", REPL_PW, false), start));
            rs.executeAll(rs.dialect().startReplica());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ReplicationStatus st = Inspector.inspect(rs).replication();
            while (!(st.ioRunning() && st.sqlRunning()) && System.nanoTime() < deadline) {
                assertThat(st.lastErrno()).as("replication error: %s", st.lastError()).isZero();
                Thread.sleep(100);
                st = Inspector.inspect(rs).replication();
            }
            assertThat(st.ioRunning() && st.sqlRunning()).as("both replica threads running").isTrue();
        }
    }

    @AfterAll
    void stop() {
        connector.close();
        if (r != null) {
            r.stop();
        }
        if (m != null) {
            m.stop();
        }
    }

    @Test
    void detectsPlainMariaDbAndReadsTheMaster() {
        try (Server ms = connector.connect(mSide())) {
            assertThat(ms.flavor()).isEqualTo(Flavor.MARIADB);
            assertThat(ms.dialect()).isInstanceOf(MariaDbDialect.class);
            ServerState s = Inspector.inspect(ms);
            assertThat(s.reachable()).isTrue();
            assertThat(s.version()).contains("MariaDB");
            assertThat(s.serverId()).isEqualTo(7101);
            assertThat(s.logBin()).isTrue();
            assertThat(s.binlogFormat()).isEqualTo("ROW");
            assertThat(s.binlogPosition().file()).startsWith("bin.");
            assertThat(s.superReadOnly()).as("MariaDB has no super_read_only").isNull();
            assertThat(s.readOnly()).isFalse();
            assertThat(s.replication()).isNull();
            assertThat(s.gtid().binlogPos()).matches("0-7101-\\d+");
            assertThat(s.gtid().strictMode()).isFalse();
            assertThat(s.grants().account()).isEqualTo("dbflip_root@%");
            assertThat(s.grants().canKillOthers()).isTrue();
            assertThat(s.problems()).isEmpty();
            // the replica's IO thread is a Binlog Dump session on the master
            assertThat(s.processes()).anySatisfy(p -> assertThat(p.command()).startsWith("Binlog Dump"));
            assertThat(s.processes()).filteredOn(ProcessInfo::isReplicationThread).isNotEmpty();
        }
    }

    @Test
    void replicaCatchesUpAndReportsItsSource() {
        m.execute("INSERT INTO t.x VALUES (2), (3)");
        try (Server ms = connector.connect(mSide()); Server rs = connector.connect(rSide())) {
            BinlogPosition target = Inspector.inspect(ms).binlogPosition();
            Long waited = rs.queryLong(rs.dialect().waitForPosition(target, Duration.ofSeconds(20)), Duration.ofSeconds(30));
            assertThat(waited).isNotNull().isGreaterThanOrEqualTo(0);
            String gtid = Inspector.inspect(ms).gtid().binlogPos();
            assertThat(rs.queryLong(rs.dialect().waitForGtid(gtid, Duration.ofSeconds(20)), Duration.ofSeconds(30))).isZero();
            ServerState s = Inspector.inspect(rs);
            assertThat(s.serverId()).isEqualTo(7102);
            ReplicationStatus rep = s.replication();
            assertThat(rep.healthy()).isTrue();
            assertThat(rep.sourceHost()).isEqualTo(M_HOST);
            assertThat(rep.sourcePort()).isEqualTo(PORT);
            assertThat(rep.sourceUser()).isEqualTo("repl");
            assertThat(rep.executed()).isEqualTo(target);
            assertThat(rep.secondsBehind()).isZero();
            assertThat(rep.gtidMode()).isEqualTo("No");
            assertThat(rs.queryLong("SELECT COUNT(*) FROM t.x WHERE id IN (1, 2, 3)", Duration.ofSeconds(5))).isEqualTo(3);
        }
    }

    @Test
    void readOnlyToggles() {
        try (Server rs = connector.connect(rSide())) {
            rs.executeAll(rs.dialect().setReadOnly(true));
            assertThat(Inspector.inspect(rs).readOnly()).isTrue();
            assertThat(Inspector.inspect(rs).writable()).isFalse();
            rs.executeAll(rs.dialect().setReadOnly(false));
            assertThat(rs.variable("read_only")).isEqualTo("0");
            assertThat(rs.variable("no_such_variable_here")).isNull();
        }
    }

    @Test
    void killEndsAnAppSession() throws Exception {
        try (Server ms = connector.connect(mSide()); Server app = connector.connectAs(mSide(), mSide().appUsers().get(0))) {
            long id = app.connectionId();
            assertThat(Inspector.processList(ms)).anySatisfy(p -> {
                assertThat(p.id()).isEqualTo(id);
                assertThat(p.user()).isEqualTo("app");
            });
            ms.execute(ms.dialect().kill(id, false));
            assertThatThrownBy(() -> app.queryLong("SELECT 1", Duration.ofSeconds(5)))
                    .satisfies(e -> assertThat(SqlErrors.classify(e)).isEqualTo(SqlErrors.Kind.CONNECTION_LOST));
            // a second kill of the same id: unknown thread, classified by code 1094
            assertThatThrownBy(() -> ms.execute(ms.dialect().kill(id, false)))
                    .satisfies(e -> assertThat(SqlErrors.classify(e)).isEqualTo(SqlErrors.Kind.UNKNOWN_THREAD));
        }
    }

    @Test
    void sessionBinlogOffKeepsAWriteFromTheReplica() {
        try (Server ms = connector.connect(mSide()); Server rs = connector.connect(rSide())) {
            ms.executeAll(ms.dialect().sessionBinlog(false));
            ms.execute(Sql.of("INSERT INTO t.x VALUES (100)"));
            ms.executeAll(ms.dialect().sessionBinlog(true));
            ms.execute(Sql.of("INSERT INTO t.x VALUES (101)"));
            BinlogPosition target = Inspector.inspect(ms).binlogPosition();
            assertThat(rs.queryLong(rs.dialect().waitForPosition(target, Duration.ofSeconds(20)), Duration.ofSeconds(30)))
                    .isGreaterThanOrEqualTo(0);
            assertThat(rs.queryLong("SELECT COUNT(*) FROM t.x WHERE id = 101", Duration.ofSeconds(5))).isEqualTo(1);
            assertThat(rs.queryLong("SELECT COUNT(*) FROM t.x WHERE id = 100", Duration.ofSeconds(5))).isZero();
            assertThat(ms.queryLong("SELECT COUNT(*) FROM t.x WHERE id = 100", Duration.ofSeconds(5))).isEqualTo(1);
        }
    }

    @Test
    void theRdsProceduresMakeItRdsMariaDb() throws Exception {
        // the sandbox's Aurora-like server is told apart by RDS's procedures
        SandboxServer x = SandboxServer.start("x", dir.resolve("x"), "127.71.0.3", PORT, 7103, List.of());
        try (x) {
            x.execute("CREATE PROCEDURE mysql.rds_set_external_master(h VARCHAR(255), p INT, u VARCHAR(255),"
                    + " pw VARCHAR(255), f VARCHAR(255), pos BIGINT, s INT) BEGIN END");
            try (Server xs = connector.connect(side("x", "127.71.0.3", SandboxServer.ROOT_USER,
                    SandboxServer.ROOT_PASSWORD, "auto"))) {
                assertThat(xs.flavor()).isEqualTo(Flavor.RDS_MARIADB);
                assertThat(xs.dialect().flavor().managed()).isTrue();
            }
        }
    }

    @Test
    void connectErrorsNameTheSideAndNeverThePassword() {
        SideConfig wrong = side("m", M_HOST, SandboxServer.ROOT_USER, "wrong-secret-pw", "auto");
        assertThatThrownBy(() -> connector.connect(wrong)).isInstanceOf(DbflipException.class)
                .hasMessageContaining("m (127.71.0.1:3310)").hasMessageContaining("check the credentials of m.admin")
                .hasMessageNotContaining("wrong-secret-pw")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.USAGE));
        SideConfig down = side("gone", "127.71.0.9", SandboxServer.ROOT_USER, "pw", "auto");
        assertThatThrownBy(() -> connector.connect(down)).hasMessageContaining("gone (127.71.0.9:3310) is unreachable")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION));
        ServerState s = Inspector.inspect(connector, down);
        assertThat(s.reachable()).isFalse();
        assertThat(s.error()).contains("unreachable");
        SideConfig bad = side("m", M_HOST, SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD, "oracle-23");
        assertThatThrownBy(() -> connector.connect(bad)).hasMessageContaining("m.flavor: unknown flavor 'oracle-23'");
    }

    @Test
    void aFailingStatementWithAPasswordIsScrubbed() {
        try (Server rs = connector.connect(rSide())) {
            // a syntax error makes the server echo the statement, password included
            Sql broken = Sql.withSecret("CHANGE MASTER TO MASTER_PASSWORD={secret}, NO_SUCH_OPTION=1", "Sup3r'Secret");
            assertThatThrownBy(() -> rs.execute(broken)).hasMessageContaining("'***'")
                    .hasMessageNotContaining("Sup3r").satisfies(e -> {
                        for (Throwable c = e; c != null; c = c.getCause()) {
                            assertThat(String.valueOf(c.getMessage())).doesNotContain("Sup3r");
                        }
                    });
        }
    }
}
