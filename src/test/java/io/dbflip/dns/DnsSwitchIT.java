package io.dbflip.dns;

import io.dbflip.config.DnsProviderConfig;
import io.dbflip.config.DnsRecordConfig;
import io.dbflip.config.Secret;
import io.dbflip.sandbox.BindServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two zones on one real BIND; each test its own BIND on its own address. */
class DnsSwitchIT {
    static final int PORT = 5300;
    static final Map<String, String> A = Map.of("onprem", "127.72.3.10", "aurora", "127.72.3.20");
    @TempDir
    Path dir;

    static BindServer bind(Path dir, String addr, Set<String> refusing) {
        return BindServer.start(dir, addr, PORT, List.of("one.test", "two.test"), "dbflip-key", refusing,
                List.of("db.one.test. 5 IN A 127.72.3.10", "db.two.test. 5 IN A 127.72.3.10"));
    }

    static List<DnsRecordConfig> records() {
        return List.of(new DnsRecordConfig("one.test.", "db.one.test.", "A", 5, "local", A),
                new DnsRecordConfig("two.test.", "db.two.test.", "A", 5, "local", A));
    }

    static DnsSwitch dnsSwitch(BindServer b, Secret secret, Duration timeout) {
        DnsProviderConfig c = new DnsProviderConfig("local", "rfc2136", b.address() + ":" + b.port(), "dbflip-key",
                "hmac-sha256", secret, null, null, null);
        return new DnsSwitch(Map.of("local", new Rfc2136Provider(c, false, timeout)), Duration.ofSeconds(5));
    }

    static Secret secret(BindServer b) {
        return new Secret("file:" + b.tsigSecretFile(), "dns_providers.local.tsig.secret");
    }

    @Test
    void switchesBothZonesAndBackReadingEachRecordBack() {
        try (BindServer b = bind(dir, "127.72.3.1", Set.of())) {
            DnsSwitch s = dnsSwitch(b, secret(b), Duration.ofSeconds(1));
            assertThat(s.check(records(), "onprem", 60)).allMatch(DnsCheck::ok);
            try (DnsSwitch.Prepared p = s.prepare(records(), "onprem", "aurora")) {
                SwitchResult r = p.apply();
                assertThat(r.zones()).extracting(ZoneTiming::zone).containsExactlyInAnyOrder("one.test.", "two.test.");
                System.out.println("DNS switch two zones: total " + r.total().toNanos() / 1e6 + " ms " + r.zones());
            }
            assertThat(b.lookup("db.one.test", "A")).containsExactly("127.72.3.20");
            assertThat(b.lookup("db.two.test", "A")).containsExactly("127.72.3.20");
            assertThat(s.check(records(), "aurora", 60)).allMatch(DnsCheck::ok);
            assertThat(s.check(records(), "onprem", 60)).noneMatch(DnsCheck::ok)
                    .allSatisfy(c -> assertThat(c.reason()).contains("points at 127.72.3.20, not at onprem"));
            assertThat(s.check(records(), "aurora", 4)).allSatisfy(c -> assertThat(c.reason()).contains("above max_ttl 4"));
            try (DnsSwitch.Prepared back = s.prepare(records(), "aurora", "onprem")) {
                back.apply();
            }
            assertThat(b.lookup("db.one.test", "A")).containsExactly("127.72.3.10");
            assertThat(b.lookup("db.two.test", "A")).containsExactly("127.72.3.10");
        }
    }

    /**
     * The warm-up before the fence (issue 13): each zone's update with only its prerequisites, signed and
     * sent as the real one, changes nothing; a record someone moved since the change was prepared fails
     * it (NXRRSET) before any fence, as the real update would have inside the window.
     */
    @Test
    void theWarmUpChangesNothingAndFailsOnARecordMovedSincePrepare() {
        try (BindServer b = bind(dir, "127.72.3.6", Set.of())) {
            DnsSwitch s = dnsSwitch(b, secret(b), Duration.ofSeconds(1));
            try (DnsSwitch.Prepared p = s.prepare(records(), "onprem", "aurora")) {
                p.warm();
                p.warm();
                assertThat(b.lookup("db.one.test", "A")).containsExactly("127.72.3.10");
                assertThat(b.lookup("db.two.test", "A")).containsExactly("127.72.3.10");
                try (DnsSwitch.Prepared other = s.prepare(List.of(records().get(1)), "onprem", "aurora")) {
                    other.apply();
                }
                assertThatThrownBy(p::warm).isInstanceOf(DnsException.class)
                        .hasMessageContaining("NXRRSET").hasMessageContaining("warm-up");
                assertThat(b.lookup("db.one.test", "A")).as("the warm-up changed nothing").containsExactly("127.72.3.10");
            }
        }
    }

    /**
     * The flip's window sends without reading back, and reads back after the unfence: the read-back
     * passes on records that hold the new value and names the record that does not.
     */
    @Test
    void sentWithoutTheReadBackThenReadBackNamesARecordChangedSince() {
        try (BindServer b = bind(dir, "127.72.3.5", Set.of())) {
            DnsSwitch s = dnsSwitch(b, secret(b), Duration.ofSeconds(1));
            try (DnsSwitch.Prepared p = s.prepare(records(), "onprem", "aurora")) {
                SwitchResult r = p.send();
                assertThat(r.zones()).allSatisfy(z -> assertThat(z.verify()).isZero());
                assertThat(b.lookup("db.one.test", "A")).containsExactly("127.72.3.20");
                assertThat(b.lookup("db.two.test", "A")).containsExactly("127.72.3.20");
                assertThat(p.readBack()).isPositive();
                // someone puts one record back behind the flip's back: the read-back says which
                try (DnsSwitch.Prepared other = s.prepare(List.of(records().get(1)), "aurora", "onprem")) {
                    other.apply();
                }
                assertThatThrownBy(p::readBack).isInstanceOf(DnsException.class)
                        .hasMessageContaining("db.two.test.").hasMessageContaining("expected 127.72.3.20");
            }
        }
    }

    @Test
    void aZoneThatRefusesMakesTheOtherRevert() {
        try (BindServer b = bind(dir, "127.72.3.2", Set.of("two.test"))) {
            DnsSwitch s = dnsSwitch(b, secret(b), Duration.ofSeconds(1));
            try (DnsSwitch.Prepared p = s.prepare(records(), "onprem", "aurora")) {
                assertThatThrownBy(p::apply).isInstanceOf(DnsSwitchException.class)
                        .hasMessageContaining("two.test.").hasMessageContaining("REFUSED")
                        .hasMessageContaining("reverted to the old values: one.test. (local)")
                        .satisfies(e -> {
                            DnsSwitchException d = (DnsSwitchException) e;
                            assertThat(d.failed()).singleElement().asString().startsWith("two.test.");
                            assertThat(d.reverted()).containsExactly("one.test. (local)");
                            assertThat(d.notReverted()).isEmpty();
                        });
            }
            assertThat(b.lookup("db.one.test", "A")).containsExactly("127.72.3.10");
            assertThat(b.lookup("db.two.test", "A")).containsExactly("127.72.3.10");
        }
    }

    @Test
    void aWrongSecretFailsClearlyAndChangesNothing() {
        try (BindServer b = bind(dir, "127.72.3.3", Set.of())) {
            String wrong = "d3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmc=";
            DnsSwitch s = dnsSwitch(b, Secret.literal(wrong), Duration.ofSeconds(1));
            assertThat(s.check(records(), "onprem", 60)).noneMatch(DnsCheck::ok)
                    .allSatisfy(c -> assertThat(c.reason()).contains("BADSIG").doesNotContain(wrong));
            try (DnsSwitch.Prepared p = s.prepare(records(), "onprem", "aurora")) {
                assertThatThrownBy(p::apply).isInstanceOf(DnsSwitchException.class)
                        .hasMessageContaining("rejected the TSIG key 'dbflip-key' (BADSIG)")
                        .hasMessageContaining("one.test.").hasMessageContaining("two.test.")
                        .hasMessageContaining("reverted to the old values: none")
                        .hasMessageNotContaining(wrong).hasMessageNotContaining(b.tsigSecret());
            }
            assertThat(b.lookup("db.one.test", "A")).containsExactly("127.72.3.10");
            assertThat(b.lookup("db.two.test", "A")).containsExactly("127.72.3.10");
        }
    }

    @Test
    void aStoppedServerFailsWithinTheBound() {
        BindServer b = bind(dir, "127.72.3.4", Set.of());
        DnsSwitch s = dnsSwitch(b, secret(b), Duration.ofMillis(500));
        try (DnsSwitch.Prepared p = s.prepare(records(), "onprem", "aurora")) {
            b.stop();
            long t0 = System.nanoTime();
            assertThatThrownBy(p::apply).isInstanceOf(DnsSwitchException.class)
                    .hasMessageContaining("no answer from 127.72.3.4:5300")
                    .hasMessageContaining("NOT reverted");
            System.out.println("DNS switch against a stopped BIND failed after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } finally {
            b.stop();
        }
    }
}
