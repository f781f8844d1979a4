package io.dbflip.dns;

import io.dbflip.config.DnsProviderConfig;
import io.dbflip.config.Secret;
import io.dbflip.sandbox.BindServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc2136ProviderIT {
    static final String ADDR = "127.72.2.1";
    static final int PORT = 5300;
    @TempDir
    static Path dir;
    static BindServer bind;

    @BeforeAll
    static void start() {
        bind = BindServer.start(dir.resolve("bind"), ADDR, PORT, List.of("p.test", "ro.test"), "dbflip-key",
                Set.of("ro.test"), List.of("db.p.test. 5 IN A 127.72.2.10", "cn.p.test. 5 IN CNAME old.p.test.",
                        "db.ro.test. 5 IN A 127.72.2.10"));
    }

    @AfterAll
    static void stop() {
        bind.stop();
    }

    static DnsProviderConfig config(Secret secret) {
        return new DnsProviderConfig("local", "rfc2136", ADDR + ":" + PORT, "dbflip-key", "hmac-sha256", secret,
                null, null, null);
    }

    static Rfc2136Provider provider(boolean tcp) {
        return new Rfc2136Provider(config(new Secret("file:" + bind.tsigSecretFile(), "dns_providers.local.tsig.secret")),
                tcp, Duration.ofSeconds(1));
    }

    @Test
    void changesAnARecordAndACnameInOneUpdateAndReadsThemBack() {
        for (boolean tcp : new boolean[]{false, true}) {
            Rfc2136Provider p = provider(tcp);
            String oldA = bind.lookup("db.p.test", "A").get(0);
            String newA = oldA.equals("127.72.2.10") ? "127.72.2.11" : "127.72.2.10";
            String oldCn = bind.lookup("cn.p.test", "CNAME").get(0);
            String newCn = oldCn.equals("old.p.test.") ? "New.P.test" : "old.p.test.";
            p.prepare(List.of(new RecordChange("p.test", "db.p.test", "A", 7, newA, oldA),
                    new RecordChange("p.test.", "cn.p.test.", "CNAME", 7, newCn, oldCn))).apply();
            assertThat(bind.lookup("db.p.test", "A")).containsExactly(newA);
            assertThat(bind.lookup("cn.p.test", "CNAME")).containsExactly(newCn.toLowerCase() + (newCn.endsWith(".") ? "" : "."));
            RecordState a = p.read(new RecordChange("p.test", "db.p.test", "A", 7, newA, null));
            assertThat(a.values()).containsExactly(newA);
            assertThat(a.ttl()).isEqualTo(7);
            assertThat(p.read(new RecordChange("p.test", "cn.p.test", "CNAME", 7, newCn, null)).is(RecordChange.normalize("CNAME", newCn))).isTrue();
        }
    }

    @Test
    void aRecordChangedByAnotherHandIsNotOverwritten() {
        bind.set("race.p.test", "A", 5, "127.72.2.30");
        Rfc2136Provider p = provider(false);
        PreparedChange c = p.prepare(List.of(new RecordChange("p.test", "race.p.test", "A", 5, "127.72.2.31", "127.72.2.29")));
        assertThatThrownBy(c::apply).isInstanceOf(DnsException.class)
                .hasMessageContaining("NXRRSET").hasMessageContaining("race.p.test. A").hasMessageContaining("p.test.");
        assertThat(bind.lookup("race.p.test", "A")).containsExactly("127.72.2.30");
    }

    @Test
    void aZoneThatRefusesUpdatesSaysRefused() {
        Rfc2136Provider p = provider(false);
        PreparedChange c = p.prepare(List.of(new RecordChange("ro.test", "db.ro.test", "A", 5, "127.72.2.11", "127.72.2.10")));
        assertThatThrownBy(c::apply).isInstanceOf(DnsException.class)
                .hasMessageContaining("REFUSED").hasMessageContaining("ro.test.").hasMessageContaining("db.ro.test. A")
                .satisfies(e -> assertThat(((DnsException) e).unchanged()).isTrue());
        assertThat(bind.lookup("db.ro.test", "A")).containsExactly("127.72.2.10");
    }

    @Test
    void aWrongSecretIsNamedWithoutShowingIt() {
        String wrong = "c2VjcmV0LXRoYXQtaXMtd3Jvbmctc2VjcmV0LXdyb25nIQ==";
        Rfc2136Provider p = new Rfc2136Provider(config(Secret.literal(wrong)), false, Duration.ofSeconds(1));
        String before = bind.lookup("db.p.test", "A").get(0);
        PreparedChange c = p.prepare(List.of(new RecordChange("p.test", "db.p.test", "A", 5, "127.72.2.99", before)));
        assertThatThrownBy(c::apply).isInstanceOf(DnsException.class)
                .hasMessageContaining("TSIG key 'dbflip-key'").hasMessageContaining("BADSIG")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(bind.tsigSecret());
        assertThatThrownBy(() -> p.checkAccess(new RecordChange("p.test", "db.p.test", "A", 5, before, null)))
                .hasMessageContaining("BADSIG");
        assertThat(bind.lookup("db.p.test", "A")).containsExactly(before);
    }

    @Test
    void checkAccessPassesWithTheRightKeyAndChangesNothing() {
        Rfc2136Provider p = provider(false);
        String before = bind.lookup("db.p.test", "A").get(0);
        p.checkAccess(new RecordChange("p.test", "db.p.test", "A", 5, before, null));
        assertThat(bind.lookup("db.p.test", "A")).containsExactly(before);
        assertThatThrownBy(() -> p.checkAccess(new RecordChange("p.test", "db.p.test", "A", 5, "127.72.2.250", null)))
                .hasMessageContaining("NXRRSET");
    }

    @Test
    void anAbsentRecordReadsAsAbsent() {
        assertThat(provider(true).read(new RecordChange("p.test", "nothing.p.test", "A", 5, "127.72.2.1", null)).exists()).isFalse();
    }
}
