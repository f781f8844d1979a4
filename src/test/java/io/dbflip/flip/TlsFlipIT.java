package io.dbflip.flip;

import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;
import io.dbflip.sandbox.SandboxServer;
import io.dbflip.sandbox.SandboxOptions;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeCheck;
import io.dbflip.verify.ProbeResult;
import io.dbflip.verify.InSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 4 item 4: a TLS sandbox (servers require TLS, certificates from the sandbox's CA), the objects
 * carried, and a flip to aurora and back under a probe over TLS; dbflip's sessions are encrypted and
 * verified (verify-identity), and replication runs with SSL both ways.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsFlipIT {
    static SandboxFixture f;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("tlsflip", SandboxOptions.defaults().withTls(true));
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void theSandboxRequiresTlsAndTheConfigVerifiesTheServersIdentity() {
        for (String role : List.of("onprem", "aurora")) {
            SideConfig side = f.side(role);
            assertThat(side.tls().mode()).isEqualTo("verify-identity");
            assertThat(side.tls().replication()).isTrue();
            assertThat(Path.of(side.tls().caFile())).isEqualTo(f.sandbox.layout().caFile()).exists();
            try (Server s = f.admin(role)) {
                assertThat(cipher(s)).as(role + " dbflip session's cipher").isNotBlank();
                assertThat(s.queryString("SELECT @@global.require_secure_transport")).isEqualTo("1");
            }
            // a client without TLS is refused (MariaDB says "access denied" for it), the same account over TLS is let in:
            // the probe and dbflip could not have worked in plain text
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://" + side.address() + "/?useSSL=false"
                    + "&allowPublicKeyRetrieval=true", SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
            try (var c = DriverManager.getConnection("jdbc:mysql://" + side.address() + "/?sslMode=REQUIRED",
                    SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD)) {
                assertThat(c.isValid(2)).isTrue();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(Files.exists(f.sandbox.layout().tlsDir().resolve(f.side("aurora").host() + ".pem"))).isTrue();
        // dbflip with TLS turned off in its config: refused, and told what to set
        SideConfig s = f.side("onprem");
        SideConfig plain = new SideConfig(s.role(), s.host(), s.port(), s.flavor(), s.admin(), s.replication(), s.appUsers(),
                s.fence(), s.kill(), io.dbflip.config.TlsConfig.DISABLED, s.securityGroup());
        try (io.dbflip.mysql.Connector c = new io.dbflip.mysql.Connector()) {
            assertThatThrownBy(() -> c.connect(plain)).isInstanceOf(io.dbflip.DbflipException.class)
                    .hasMessageContaining("check the credentials of onprem.admin")
                    .hasMessageContaining("or set onprem.tls.mode if the server requires TLS")
                    .hasMessageNotContaining(f.sandbox.secret("onprem-admin"));
        }
        assertThat(replicaStatus("aurora")).containsEntry("Master_SSL_Allowed", "Yes")
                .containsEntry("Slave_IO_Running", "Yes");
    }

    @Test
    @Order(2)
    void flipToAuroraAndBackOverTlsLosesNothing() {
        Probe probe = f.probe("tls-flip", 300).start();
        FlipIT.sleep(1000);
        List<FlipReport> reports = new ArrayList<>();
        reports.add(f.flip("aurora", FlipListener.NONE));
        // after the flip A replicates from B, with SSL (A's side says tls.replication: true for B's side)
        assertThat(replicaStatus("onprem")).containsEntry("Master_SSL_Allowed", "Yes")
                .containsEntry("Slave_IO_Running", "Yes").containsEntry("Master_Host", f.side("aurora").host());
        FlipIT.sleep(700);
        reports.add(f.flip("onprem", FlipListener.NONE));
        assertThat(replicaStatus("aurora")).containsEntry("Master_SSL_Allowed", "Yes")
                .containsEntry("Slave_IO_Running", "Yes").containsEntry("Master_Host", f.side("onprem").host());
        FlipIT.sleep(700);
        ProbeResult result = probe.stop();
        for (FlipReport r : reports) {
            assertThat(r.outcome()).isEqualTo("completed");
            System.out.printf("TLS flip %s→%s internal blackout %.1f ms, client-seen %.1f ms%n", r.from(), r.to(),
                    r.blackoutMillis(), result.maxGapDuring(r.startedEpochMicros(), r.finishedEpochMicros()));
        }
        ProbeCheck.Outcome outcome = check(result);
        assertThat(result.acknowledged()).isGreaterThan(300);
        assertThat(outcome.lost()).as(outcome.toString()).isZero();
        assertThat(outcome.oneSidedRows()).as(outcome.toString()).isZero();
        try (Server a = f.admin("onprem"); Server b = f.admin("aurora")) {
            assertThat(cipher(a)).isNotBlank();
            assertThat(cipher(b)).isNotBlank();
        }
    }

    static ProbeCheck.Outcome check(ProbeResult result) {
        Topology t = Topology.read(f.cluster, f.opener);
        try (Server m = f.admin(t.master().role()); Server r = f.admin(t.replica().role())) {
            InSync.await(m, r, Duration.ofSeconds(30));
            Map<String, Server> servers = new java.util.LinkedHashMap<>();
            servers.put(t.master().role(), m);
            servers.put(t.replica().role(), r);
            return ProbeCheck.check(result, servers);
        }
    }

    static String cipher(Server s) {
        return s.queryString("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'");
    }

    /** SHOW SLAVE STATUS of a side, as root (B's admin may not see every column on every version). */
    static Map<String, String> replicaStatus(String role) {
        SideConfig side = f.side(role);
        try (var c = DriverManager.getConnection(SandboxServer.jdbcUrl(side.host(), side.port()), SandboxServer.ROOT_USER,
                SandboxServer.ROOT_PASSWORD); var st = c.createStatement(); var rs = st.executeQuery("SHOW SLAVE STATUS")) {
            assertThat(rs.next()).as(role + " replicates").isTrue();
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                m.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
            }
            return m;
        } catch (SQLException e) {
            throw new AssertionError(role + ": " + e.getMessage(), e);
        }
    }
}
