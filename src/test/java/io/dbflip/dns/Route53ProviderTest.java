package io.dbflip.dns;

import io.dbflip.aws.Moto;
import io.dbflip.aws.MotoFront;
import io.dbflip.config.DnsProviderConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Route 53 against moto (issue 16): the change batch is applied to a real hosted zone's state, read back with
 * ListResourceRecordSets through a client of its own, and GetChange answers INSYNC. The never-INSYNC case puts
 * {@link MotoFront#pending} in front of moto, which cannot be told to hold a change PENDING.
 */
class Route53ProviderTest {
    static final String ZONE = "db.example.com.";
    static Route53Client r53;

    @BeforeAll
    static void moto() {
        System.setProperty("aws.accessKeyId", "AKIDDBFLIPMOTO");
        System.setProperty("aws.secretAccessKey", "dbflip-moto-secret");
        r53 = Moto.route53();
    }

    String zoneId;
    Route53Provider provider;

    @BeforeEach
    void zone() {
        // each test its own hosted zone: moto keeps state for the whole JVM
        zoneId = r53.createHostedZone(b -> b.name(ZONE).callerReference(Moto.unique("ref"))).hostedZone().id()
                .replace("/hostedzone/", "");
        r53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(cb -> cb.changes(
                c -> c.action(ChangeAction.CREATE).resourceRecordSet(rs -> rs.name("users-7-master.db.example.com.")
                        .type(RRType.CNAME).ttl(5L).resourceRecords(v -> v.value("db11.dc1.example.com."))),
                c -> c.action(ChangeAction.CREATE).resourceRecordSet(rs -> rs.name("users-7-ro.db.example.com.")
                        .type(RRType.A).ttl(10L).resourceRecords(v -> v.value("10.9.9.9"))))));
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    Route53Provider provider(String zone, URI endpoint, Duration bound) {
        provider = new Route53Provider(new DnsProviderConfig("aws", "route53", null, null, null, null, zone,
                "us-east-1", endpoint.toString()), bound, Duration.ofMillis(20));
        return provider;
    }

    ResourceRecordSet readBack(String name, RRType type) {
        return r53.listResourceRecordSets(b -> b.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(s -> s.name().equals(name) && s.type() == type).findFirst().orElseThrow();
    }

    @Test
    void oneUpsertBatchChangesTheZoneAndReachesInsync() {
        Route53Provider p = provider(zoneId, Moto.endpoint(), Duration.ofSeconds(5));
        PreparedChange c = p.prepare(List.of(
                new RecordChange("db.example.com.", "users-7-master.db.example.com.", "CNAME", 5,
                        "users-7.cluster-abc.us-east-1.rds.amazonaws.com", "db11.dc1.example.com."),
                new RecordChange("db.example.com", "users-7-ro.db.example.com", "A", 10, "10.1.2.3", "10.9.9.9")));
        // prepared, not sent: the zone still holds the old values
        assertThat(readBack("users-7-master.db.example.com.", RRType.CNAME).resourceRecords().get(0).value())
                .isEqualTo("db11.dc1.example.com.");
        c.apply();

        ResourceRecordSet master = readBack("users-7-master.db.example.com.", RRType.CNAME);
        assertThat(master.resourceRecords()).singleElement().satisfies(v ->
                assertThat(v.value()).isEqualTo("users-7.cluster-abc.us-east-1.rds.amazonaws.com."));
        assertThat(master.ttl()).isEqualTo(5L);
        ResourceRecordSet ro = readBack("users-7-ro.db.example.com.", RRType.A);
        assertThat(ro.resourceRecords()).singleElement().satisfies(v -> assertThat(v.value()).isEqualTo("10.1.2.3"));
        assertThat(ro.ttl()).isEqualTo(10L);
        // the provider's own read goes through ListResourceRecordSets too
        assertThat(p.read(new RecordChange(ZONE, "users-7-master.db.example.com", "CNAME", 5, "x.", null)).values())
                .containsExactly("users-7.cluster-abc.us-east-1.rds.amazonaws.com.");
        // and a change id moto handed out answers INSYNC
        String id = r53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(cb -> cb.changes(
                ch -> ch.action(ChangeAction.UPSERT).resourceRecordSet(rs -> rs.name("x.db.example.com.").type(RRType.A)
                        .ttl(1L).resourceRecords(v -> v.value("10.0.0.1")))))).changeInfo().id();
        assertThat(r53.getChange(b -> b.id(id)).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);

        // and back: UPSERT replaces, it does not add a second value
        p.prepare(List.of(new RecordChange(ZONE, "users-7-master.db.example.com.", "CNAME", 5, "db11.dc1.example.com.",
                "users-7.cluster-abc.us-east-1.rds.amazonaws.com."))).apply();
        assertThat(readBack("users-7-master.db.example.com.", RRType.CNAME).resourceRecords())
                .singleElement().satisfies(v -> assertThat(v.value()).isEqualTo("db11.dc1.example.com."));
    }

    @Test
    void aChangeThatNeverSyncsFailsAtTheBound() throws Exception {
        try (MotoFront pending = MotoFront.pending(Moto.endpoint())) {
            Route53Provider p = provider(zoneId, pending.endpoint(), Duration.ofMillis(300));
            PreparedChange c = p.prepare(List.of(new RecordChange(ZONE, "users-7-ro.db.example.com", "A", 10, "10.0.0.2", "10.9.9.9")));
            long t = System.nanoTime();
            assertThatThrownBy(c::apply).isInstanceOf(DnsException.class)
                    .hasMessageContaining("still PENDING").hasMessageContaining("after 300 ms")
                    .satisfies(e -> assertThat(((DnsException) e).unchanged()).isFalse());
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
        }
        // not unchanged: the batch was taken (moto applied it); only its sync was not seen within the bound
        assertThat(readBack("users-7-ro.db.example.com.", RRType.A).resourceRecords().get(0).value()).isEqualTo("10.0.0.2");
    }

    @Test
    void aRefusedBatchNamesTheErrorAndCountsAsUnchanged() {
        Route53Provider p = provider("ZNOSUCHZONE", Moto.endpoint(), Duration.ofSeconds(1));
        PreparedChange c = p.prepare(List.of(new RecordChange(ZONE, "m.db.example.com", "A", 5, "10.0.0.2", "10.0.0.1")));
        assertThatThrownBy(c::apply).isInstanceOf(DnsException.class)
                .hasMessageContaining("NoSuchHostedZone").hasMessageContaining("ZNOSUCHZONE").hasMessageContaining("m.db.example.com. A")
                .satisfies(e -> assertThat(((DnsException) e).unchanged()).isTrue());
    }

    @Test
    void readsOneRecordSetStartingAtTheName() {
        Route53Provider p = provider(zoneId, Moto.endpoint(), Duration.ofSeconds(1));
        RecordState s = p.read(new RecordChange(ZONE, "users-7-master.db.example.com", "CNAME", 5, "x.", null));
        assertThat(s.values()).containsExactly("db11.dc1.example.com.");
        assertThat(s.ttl()).isEqualTo(5);
        assertThat(p.read(new RecordChange(ZONE, "u.db.example.com", "CNAME", 5, "x.", null)).exists()).isFalse();
        assertThat(p.read(new RecordChange(ZONE, "users-7-ro.db.example.com", "CNAME", 5, "x.", null)).exists()).isFalse();
        p.checkAccess(new RecordChange(ZONE, "users-7-ro.db.example.com", "A", 10, "10.9.9.9", null));
    }

    @Test
    void aGoneEndpointIsNoAnswerNotARefusal() throws Exception {
        var own = Moto.start();
        URI endpoint = own.endpoint();
        own.kill();
        Moto.deleteQuietly(own.dir());
        Route53Provider p = provider(zoneId, endpoint, Duration.ofSeconds(1));
        PreparedChange c = p.prepare(List.of(new RecordChange(ZONE, "m.db.example.com", "A", 5, "10.0.0.2", "10.0.0.1")));
        assertThatThrownBy(c::apply).isInstanceOf(DnsException.class).hasMessageContaining("no answer from Route 53");
        assertThatThrownBy(() -> p.checkAccess(new RecordChange(ZONE, "m.db.example.com", "A", 5, "10.0.0.1", null)))
                .isInstanceOf(DnsException.class).hasMessageContaining("cannot read it from Route 53");
    }
}
