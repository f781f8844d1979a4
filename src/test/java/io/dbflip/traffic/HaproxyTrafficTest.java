package io.dbflip.traffic;

import io.dbflip.DbflipException;
import io.dbflip.config.TrafficConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HAProxy switch against a real HAProxy 2.6 (bookworm's; bin/setup installs it) on 127.84.0.1, its two
 * servers plain TCP listeners of the test's own: the states are read back from the runtime API, and a session
 * through the old server is seen to end.
 */
class HaproxyTrafficTest {
    static final String HOST = "127.84.0.1";
    Path dir;
    Process haproxy;
    ServerSocket onprem;
    ServerSocket aurora;
    int front;
    TrafficConfig config;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("dbflip-haproxy-");
        onprem = new ServerSocket(0, 50, InetAddress.getByName("127.84.0.2"));
        aurora = new ServerSocket(0, 50, InetAddress.getByName("127.84.0.3"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            front = s.getLocalPort();
        }
        Path sock = dir.resolve("admin.sock");
        Files.writeString(dir.resolve("haproxy.cfg"), "global\n  stats socket " + sock + " mode 600 level admin\n"
                + "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1m\n  timeout server 1m\n"
                + "listen users-7\n  bind " + HOST + ":" + front + "\n"
                + "  server onprem 127.84.0.2:" + onprem.getLocalPort() + "\n"
                + "  server aurora 127.84.0.3:" + aurora.getLocalPort() + "\n");
        haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", dir.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(sock)) {
            assertThat(haproxy.isAlive()).as("haproxy running; log: %s", dir.resolve("haproxy.log")).isTrue();
            assertThat(System.nanoTime()).as("haproxy's socket within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        config = new TrafficConfig("haproxy", sock.toString(), "users-7", Map.of("onprem", "onprem", "aurora", "aurora"));
        runtime().setState("users-7", "aurora", "maint");
    }

    @AfterEach
    void stop() throws Exception {
        haproxy.destroy();
        haproxy.waitFor(10, TimeUnit.SECONDS);
        onprem.close();
        aurora.close();
        io.dbflip.sandbox.SandboxServer.deleteTree(dir);
    }

    HaproxyRuntime runtime() {
        return new HaproxyRuntime(config.socket(), Duration.ofSeconds(2));
    }

    HaproxyTraffic traffic() {
        return new HaproxyTraffic(config, runtime());
    }

    @Test
    void preflightPassesWhenTheBackendHoldsBothServersAndTheMastersIsReady() {
        assertThat(traffic().preflight("onprem", "aurora")).isEmpty();
        assertThat(traffic().preflight("aurora", "onprem")).singleElement().asString()
                .contains("sends no traffic to the master aurora").contains("maint");
    }

    @Test
    void preflightNamesAMissingServerABackendAndASocketThatDoesNotAnswer() {
        config = new TrafficConfig("haproxy", config.socket(), "users-7", Map.of("onprem", "onprem", "aurora", "aurora-b"));
        assertThat(traffic().preflight("onprem", "aurora")).singleElement().asString()
                .contains("has no server aurora-b (side aurora)");
        config = new TrafficConfig("haproxy", config.socket(), "users-8", Map.of("onprem", "onprem", "aurora", "aurora"));
        assertThat(traffic().preflight("onprem", "aurora")).singleElement().asString().contains("users-8");
        config = new TrafficConfig("haproxy", dir.resolve("gone.sock").toString(), "users-7", config.servers());
        assertThat(traffic().preflight("onprem", "aurora")).singleElement().asString()
                .contains("cannot be reached").contains("gone.sock");
    }

    @Test
    void applyMovesTheBackendEndsTheOldSessionsAndRevertMovesItBack() throws Exception {
        Socket app = new Socket();
        app.connect(new InetSocketAddress(HOST, front), 2000);
        app.setSoTimeout(5000);
        Socket atOnprem = onprem.accept();   // the session went to the master's server
        TrafficSwitch.Plan plan = traffic().prepare("onprem", "aurora");
        assertThat(plan.describe()).singleElement().asString().contains("set server users-7/aurora state ready");

        String done = plan.apply();
        assertThat(done).contains("aurora ready").contains("onprem maint");
        Map<String, HaproxyRuntime.ServerState> now = runtime().servers("users-7");
        assertThat(now.get("aurora").ready()).isTrue();
        assertThat(now.get("onprem").maint()).isTrue();
        // HAProxy shut the session down: the app sees its connection end
        try (InputStream in = app.getInputStream()) {
            assertThat(in.read()).isEqualTo(-1);
        } catch (IOException reset) {
            // a reset is an end too
        }
        atOnprem.close();
        // a new session goes to the new master's server
        try (Socket next = new Socket()) {
            next.connect(new InetSocketAddress(HOST, front), 2000);
            aurora.setSoTimeout(5000);
            aurora.accept().close();
        }

        plan.revert();
        now = runtime().servers("users-7");
        assertThat(now.get("onprem").ready()).isTrue();
        assertThat(now.get("aurora").maint()).isTrue();
    }

    @Test
    void aSocketGoneMidFlipFailsTheApplyAndLeavesNothingToRevert() throws Exception {
        TrafficSwitch.Plan plan = traffic().prepare("onprem", "aurora");   // prepared before the window, as the flip does
        haproxy.destroy();
        haproxy.waitFor(10, TimeUnit.SECONDS);
        assertThatThrownBy(plan::apply).isInstanceOf(DbflipException.class).hasMessageContaining("cannot be reached");
        assertThat(plan.revert()).contains("nothing to undo");
    }
}
