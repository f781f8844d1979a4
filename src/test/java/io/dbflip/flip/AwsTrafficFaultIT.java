package io.dbflip.flip;

import io.dbflip.ErrorCode;
import io.dbflip.aws.MotoFront;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import io.dbflip.sandbox.Sandbox;
import io.dbflip.sandbox.SandboxOptions;
import io.dbflip.traffic.HaproxyRuntime;
import io.dbflip.verify.Probe;
import io.dbflip.verify.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16's faults on one sandbox with moto's Route 53 (two hosted zones) and HAProxy in front, a probe
 * writing through HAProxy throughout: the HAProxy socket gone at step 9 (roll back), a Route 53 change that
 * never reaches INSYNC within the bound (roll back), moto down before the switch (preflight refuses, exit 3),
 * and a clean flip there and back. Each case ends with Faults' invariants: one writable master, the other
 * fenced and replicating, 0 lost acknowledged writes, 0 one-sided rows; and the proxy and the records naming
 * the master.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsTrafficFaultIT {
    static SandboxFixture f;
    static Faults x;
    Probe probe;

    @BeforeAll
    static void up() throws Exception {
        f = new SandboxFixture("awsfaults", SandboxOptions.defaults().withAws(SandboxOptions.MOTO)
                .withTraffic(SandboxOptions.HAPROXY));
        x = new Faults(f);
        System.setProperty("aws.accessKeyId", "AKIDDBFLIPMOTO");
        System.setProperty("aws.secretAccessKey", "dbflip-moto-secret");
    }

    @AfterAll
    static void down() {
        if (f != null) {
            f.close();
        }
    }

    @AfterEach
    void stopProbe() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }

    /** A probe that connects through the cluster's HAProxy listener. */
    private ProbeResultSource startProbe(String name) {
        Map<String, String> env = f.sandbox.env();
        String proxy = f.sandbox.layout().proxyAddress(f.sandbox.layout().cluster(1));
        try (var s = f.admin(Topology.read(f.cluster, f.opener).master().role())) {
            s.execute(io.dbflip.mysql.Sql.of("CREATE DATABASE IF NOT EXISTS " + Probe.SCHEMA));
            s.execute(io.dbflip.mysql.Sql.of(Probe.CREATE_TABLE));
        }
        probe = new Probe(new Probe.Options(name, "127.0.0.1:53", env.get("DBFLIP_DNS_NAME"), f.side("onprem").port(),
                env.get("DBFLIP_APP_USER"), env.get("DBFLIP_APP_PASSWORD"), 200, false), () -> proxy).start();
        Faults.sleep(500);
        return () -> probe.stop();
    }

    interface ProbeResultSource {
        ProbeResult stop();
    }

    private static HaproxyRuntime.ServerState server(String name) {
        return new HaproxyRuntime(f.cluster.traffic().socket(), Duration.ofSeconds(2)).servers(f.cluster.traffic().backend()).get(name);
    }

    private static void assertTrafficAt(String role) {
        String other = role.equals("onprem") ? "aurora" : "onprem";
        assertThat(server(f.cluster.traffic().servers().get(role)).ready()).as("%s's server ready", role).isTrue();
        assertThat(server(f.cluster.traffic().servers().get(other)).maint()).as("%s's server maint", other).isTrue();
        new ClusterDns(f.config).whoIsNamed(f.cluster).forEach((record, who) ->
                assertThat(who).as(record).startsWith(role + " "));
    }

    @Test
    @Order(1)
    void haproxySocketGoneAtTheSwitchRollsBack() {
        ProbeResultSource p = startProbe("haproxy-gone");
        long pid = f.sandbox.status().stream().filter(s -> s.label().equals("haproxy")).findFirst().orElseThrow().pid();
        FlipFailedException e = org.junit.jupiter.api.Assertions.assertThrows(FlipFailedException.class,
                () -> f.flip("aurora", new FlipListener() {
                    @Override
                    public void beforeStep(int no, String name) {
                        if (no == 9) {
                            ProcessHandle.of(pid).ifPresent(h -> {
                                h.destroyForcibly();
                                h.onExit().join();
                            });
                        }
                    }
                }));
        assertThat(e.getMessage()).contains("cannot be reached").contains("rolled back");
        assertThat(e.report().outcome()).isEqualTo("rolled-back");
        // HAProxy back (sandbox up restarts it: onprem ready, aurora maint), then the invariants
        Sandbox.up(f.sandbox.dir(), SandboxOptions.defaults());
        Faults.sleep(1000);
        System.out.println(x.assertOneMasterAndNothingLost(p.stop()));
        assertTrafficAt("onprem");
    }

    @Test
    @Order(2)
    void aRoute53ChangeThatNeverSyncsRollsBack() throws Exception {
        ProbeResultSource p = startProbe("r53-pending");
        String auroraAddress = f.side("aurora").host();
        try (MotoFront pending = MotoFront.pendingFrom(java.net.URI.create(f.sandbox.layout().motoEndpoint()), auroraAddress)) {
            // the same config with its route53 providers behind the front
            Path cfg = f.dir.resolve("pending.yaml");
            Files.writeString(cfg, Files.readString(f.sandbox.configFile())
                    .replace(f.sandbox.layout().motoEndpoint(), pending.endpoint().toString()));
            DbflipConfig config = ConfigLoader.load(cfg);
            FlipOperation op = new FlipOperation(config, config.clusters().get(0), f.opener, new ClusterDns(config), f.journal);
            long t = System.nanoTime();
            assertThatThrownBy(() -> op.run(new FlipOperation.Options("aurora", false, f.dir.resolve("reports"), "test"),
                    x2 -> true, FlipListener.NONE)).isInstanceOf(FlipFailedException.class)
                    .hasMessageContaining("rolled back");
            System.out.printf("never-INSYNC flip rolled back after %.1f s%n", (System.nanoTime() - t) / 1e9);
        }
        System.out.println(x.assertOneMasterAndNothingLost(p.stop()));
        assertTrafficAt("onprem");
    }

    @Test
    @Order(3)
    void aFlipThereAndBackThroughHaproxyAndRoute53LosesNothing() {
        ProbeResultSource p = startProbe("there-and-back");
        FlipReport there = f.flip("aurora", FlipListener.NONE);
        assertThat(there.outcome()).isEqualTo("completed");
        assertTrafficAt("aurora");
        Faults.sleep(500);
        FlipReport back = f.flip("onprem", FlipListener.NONE);
        assertThat(back.outcome()).isEqualTo("completed");
        assertTrafficAt("onprem");
        Faults.sleep(500);
        ProbeResult r = p.stop();
        System.out.println(x.assertOneMasterAndNothingLost(r));
        System.out.printf("there %.1f ms, back %.1f ms (fence A to unfence B); probe longest gap %.1f ms%n",
                there.blackoutMillis(), back.blackoutMillis(), r.maxGapMillis());
    }

    @Test
    @Order(4)
    void awsDownBeforeTheSwitchIsRefusedByPreflight() {
        long pid = f.sandbox.status().stream().filter(s -> s.label().equals("aws")).findFirst().orElseThrow().pid();
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        FlipFailedException e = org.junit.jupiter.api.Assertions.assertThrows(FlipFailedException.class,
                () -> f.flip("aurora", FlipListener.NONE));
        assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(e.code().exitCode()).isEqualTo(3);
        assertThat(e.getMessage()).contains("preflight refused").contains("Route 53");
        assertThat(Topology.read(f.cluster, f.opener).master().role()).isEqualTo("onprem");
        assertThat(server("onprem").ready()).isTrue();
    }
}
