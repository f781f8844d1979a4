package io.dbflip.kill;

import io.dbflip.flip.ServerOpener;
import io.dbflip.config.Credentials;
import io.dbflip.config.Secret;
import io.dbflip.config.SideConfig;
import io.dbflip.config.TlsConfig;
import io.dbflip.mysql.ProcessInfo;
import io.dbflip.mysql.Server;
import io.dbflip.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The kills on a real server: what each ends, and what it leaves alone. */
class KillIT {
    static SandboxServer server;
    static SideConfig side;
    static ServerOpener opener;

    @BeforeAll
    static void up() throws Exception {
        Path dir = Files.createTempDirectory("dbflip-kill-");
        server = SandboxServer.start(io.dbflip.sandbox.Engine.defaultEngine(), "kill", dir, "127.73.0.1", 3310, 731, List.of());
        server.execute("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'", "GRANT SELECT ON *.* TO 'app'@'%'",
                "CREATE USER 'other'@'%' IDENTIFIED BY 'other-pw'", "GRANT SELECT ON *.* TO 'other'@'%'");
        side = new SideConfig("onprem", server.host(), server.port(), "auto",
                new Credentials(SandboxServer.ROOT_USER, Secret.literal(SandboxServer.ROOT_PASSWORD)), null,
                List.of(new Credentials("app", Secret.literal("app-pw"))), "read-only", "per-user", TlsConfig.DISABLED, null);
        opener = new ServerOpener();
    }

    @AfterAll
    static void down() {
        opener.close();
        server.stop();
    }

    static Connection as(String user, String pw) throws Exception {
        return DriverManager.getConnection(SandboxServer.jdbcUrl(server.host(), server.port()), user, pw);
    }

    @Test
    void perUserEndsTheAppUsersSessionsConnectedAsThatUserAndNothingElse() throws Exception {
        try (Server admin = opener.open(side, side.admin());
             Connection app1 = as("app", "app-pw"); Connection app2 = as("app", "app-pw");
             Connection other = as("other", "other-pw")) {
            PerUserKill kill = new PerUserKill(opener::open);
            KillContext ctx = new KillContext(null, side, admin, Set.of());
            kill.prepare(ctx);
            List<ProcessInfo> ended = kill.killAll(ctx);
            assertThat(ended).extracting(ProcessInfo::user).containsExactly("app", "app");
            assertThat(app1.isValid(2)).isFalse();
            assertThat(app2.isValid(2)).isFalse();
            assertThat(other.isValid(2)).as("another user's session is not reachable per user").isTrue();
            assertThat(admin.queryString("SELECT 1")).isEqualTo("1");
            // dbflip's own per-user connection survived its own kill
            assertThat(kill.ownIds()).hasSize(1);
            kill.closeAll();
        }
    }

    @Test
    void adminKillEndsEveryClientSessionButItsOwn() throws Exception {
        try (Server admin = opener.open(side, side.admin());
             Connection app = as("app", "app-pw"); Connection other = as("other", "other-pw")) {
            AdminKill kill = new AdminKill(false);
            assertThat(kill.preflight(new KillContext(null, side, admin, Set.of()))).isEmpty();
            List<ProcessInfo> ended = kill.killAll(new KillContext(null, side, admin, Set.of(admin.connectionId())));
            assertThat(ended).extracting(ProcessInfo::user).contains("app", "other").doesNotContain(SandboxServer.ROOT_USER);
            assertThat(ended).allSatisfy(p -> assertThat(p.command()).isNotNull());
            assertThat(app.isValid(2)).isFalse();
            assertThat(other.isValid(2)).isFalse();
            assertThat(admin.queryString("SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void rdsKillIsRefusedWhereTheProcedureDoesNotExist() {
        try (Server admin = opener.open(side, side.admin())) {
            assertThat(new AdminKill(true).preflight(new KillContext(null, side, admin, Set.of())))
                    .anySatisfy(p -> assertThat(p).contains("mysql.rds_kill"));
        }
    }
}
