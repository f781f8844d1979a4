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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A MariaDB with a certificate from a CA made here by openssl; dbflip connects with CA verification. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
    static final String HOST = "127.71.1.1";
    static final int PORT = 3310;

    @TempDir
    static Path dir;
    SandboxServer server;
    Path pki;

    @BeforeAll
    void start() throws Exception {
        pki = Files.createDirectories(dir.resolve("pki"));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=dbflip-test-ca");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=some-other-ca");
        Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:" + HOST + "\nbasicConstraints=CA:FALSE\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=" + HOST);
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=dbflip-client");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.pem", "-days", "2");
        server = SandboxServer.start("tls", dir.resolve("tls"), HOST, PORT, 7111, List.of(
                "--ssl-ca=" + pki.resolve("ca.pem"), "--ssl-cert=" + pki.resolve("server.pem"),
                "--ssl-key=" + pki.resolve("server.key")));
        server.execute("CREATE USER 'x509user'@'%' IDENTIFIED BY 'x509-pw' REQUIRE X509",
                "GRANT SELECT ON *.* TO 'x509user'@'%'");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true)
                .redirectOutput(pki.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", cmd, Files.readString(pki.resolve("openssl.log"))).isZero();
    }

    SideConfig side(TlsConfig tls, String user, String pw) {
        return new SideConfig("onprem", HOST, PORT, "auto", new Credentials(user, Secret.literal(pw)),
                new Credentials("repl", Secret.literal("x")), List.of(), "read-only", "kill", tls, null);
    }

    SideConfig root(TlsConfig tls) {
        return side(tls, SandboxServer.ROOT_USER, SandboxServer.ROOT_PASSWORD);
    }

    String ca() {
        return pki.resolve("ca.pem").toString();
    }

    @Test
    void verifyCaAndVerifyIdentityConnectOverTls() {
        for (String mode : List.of("verify-ca", "verify-identity")) {
            try (Connector c = new Connector(); Server s = c.connect(root(new TlsConfig(mode, ca(), null, null, false)))) {
                assertThat(s.flavor()).isEqualTo(Flavor.MARIADB);
                String cipher = s.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").get(0).get("Value").toString();
                assertThat(cipher).as(mode).isNotBlank();
            }
        }
    }

    @Test
    void aWrongCaFailsWithAClearMessage() {
        TlsConfig wrong = new TlsConfig("verify-ca", pki.resolve("other-ca.pem").toString(), null, null, false);
        try (Connector c = new Connector()) {
            assertThatThrownBy(() -> c.connect(root(wrong))).isInstanceOf(DbflipException.class)
                    .hasMessageContaining("onprem (127.71.1.1:3310): TLS handshake failed")
                    .hasMessageContaining("check onprem.tls (mode verify-ca, ca " + pki.resolve("other-ca.pem"))
                    .hasMessageNotContaining(SandboxServer.ROOT_PASSWORD)
                    .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION));
        }
    }

    @Test
    void aClientCertificateSatisfiesRequireX509() {
        TlsConfig noCert = new TlsConfig("verify-ca", ca(), null, null, false);
        try (Connector c = new Connector()) {
            assertThatThrownBy(() -> c.connect(side(noCert, "x509user", "x509-pw")))
                    .hasMessageContaining("check the credentials of onprem.admin");
        }
        TlsConfig withCert = new TlsConfig("verify-ca", ca(), pki.resolve("client.pem").toString(),
                pki.resolve("client.key").toString(), false);
        try (Connector c = new Connector(); Server s = c.connect(side(withCert, "x509user", "x509-pw"))) {
            assertThat(s.queryString("SELECT CURRENT_USER()")).isEqualTo("x509user@%");
        }
    }

    @Test
    void requiredWithoutCaEncryptsAndDisabledDoesNot() {
        try (Connector c = new Connector()) {
            try (Server s = c.connect(root(new TlsConfig("required", null, null, null, false)))) {
                assertThat(s.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").get(0).get("Value").toString()).isNotBlank();
            }
            try (Server s = c.connect(root(TlsConfig.DISABLED))) {
                assertThat(s.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").get(0).get("Value").toString()).isBlank();
            }
        }
    }

    @Test
    void badTlsSettingsAreConfigErrors() {
        try (Connector c = new Connector()) {
            assertThatThrownBy(() -> c.connect(root(new TlsConfig("verify-all", null, null, null, false))))
                    .hasMessageContaining("onprem.tls.mode: unknown TLS mode 'verify-all'")
                    .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.USAGE));
            assertThatThrownBy(() -> c.connect(root(new TlsConfig("verify-ca", dir.resolve("none.pem").toString(), null, null, false))))
                    .hasMessageContaining("onprem.tls.ca: cannot read");
            assertThatThrownBy(() -> c.connect(root(new TlsConfig("verify-ca", pki.resolve("server.ext").toString(), null, null, false))))
                    .hasMessageContaining("onprem.tls.ca").hasMessageContaining("PEM");
            assertThatThrownBy(() -> c.connect(root(new TlsConfig("verify-ca", ca(), pki.resolve("client.pem").toString(), null, false))))
                    .hasMessageContaining("cert and key go together");
        }
    }
}
