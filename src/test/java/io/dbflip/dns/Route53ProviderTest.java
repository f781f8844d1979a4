package io.dbflip.dns;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dbflip.config.DnsProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WireMock stands in for Route 53's API only; every test checks what the SDK really sent. */
class Route53ProviderTest {
    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    static WireMockServer wm;

    @BeforeAll
    static void startWireMock() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        System.setProperty("aws.accessKeyId", "AKIDDBFLIPTEST");
        System.setProperty("aws.secretAccessKey", "dbflip-test-secret");
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    Route53Provider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    Route53Provider provider(Duration bound) {
        provider = new Route53Provider(new DnsProviderConfig("aws", "route53", null, null, null, null, "ZDBFLIP1",
                "us-east-1", wm.baseUrl()), bound, Duration.ofMillis(20));
        return provider;
    }

    static String changeInfo(String root, String status) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + NS + "\"><ChangeInfo>"
                + "<Id>/change/C2682N5HXP0BZ4</Id><Status>" + status + "</Status>"
                + "<SubmittedAt>2026-11-26T01:00:00.000Z</SubmittedAt><Comment>dbflip</Comment></ChangeInfo></" + root + ">";
    }

    static void stubChange(String... getChangeStatuses) {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/ZDBFLIP1/rrset/"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(changeInfo("ChangeResourceRecordSetsResponse", "PENDING"))));
        String state = Scenario.STARTED;
        for (int i = 0; i < getChangeStatuses.length; i++) {
            String next = "poll-" + (i + 1);
            wm.stubFor(get(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).inScenario("sync")
                    .whenScenarioStateIs(state).willSetStateTo(i + 1 < getChangeStatuses.length ? next : state)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                            .withBody(changeInfo("GetChangeResponse", getChangeStatuses[i]))));
            state = next;
        }
    }

    static String xp(String path) {
        // the body is namespaced; local-name() keeps the expressions readable
        StringBuilder x = new StringBuilder();
        for (String step : path.split("/")) {
            x.append("/*[local-name()='").append(step).append("']");
        }
        return x.toString();
    }

    @Test
    void oneUpsertBatchPerZoneThenPollsUntilInsync() {
        stubChange("PENDING", "INSYNC");
        Route53Provider p = provider(Duration.ofSeconds(5));
        PreparedChange c = p.prepare(List.of(
                new RecordChange("db.example.com.", "users-7-master.db.example.com.", "CNAME", 5,
                        "users-7.cluster-abc.us-east-1.rds.amazonaws.com", "db11.dc1.example.com."),
                new RecordChange("db.example.com", "users-7-ro.db.example.com", "A", 10, "10.1.2.3", "10.9.9.9")));
        wm.verify(0, postRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/ZDBFLIP1/rrset/")));
        c.apply();

        String batch = "ChangeResourceRecordSetsRequest/ChangeBatch/Changes/Change";
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/ZDBFLIP1/rrset/"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("AKIDDBFLIPTEST"))
                .withRequestBody(matchingXPath("count(/" + xp(batch) + ")", equalTo("2")))
                .withRequestBody(matchingXPath("count(/" + xp(batch + "/Action") + "[text()='UPSERT'])", equalTo("2")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[1]" + xp("ResourceRecordSet/Name") + "/text()",
                        equalTo("users-7-master.db.example.com.")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[1]" + xp("ResourceRecordSet/Type") + "/text()", equalTo("CNAME")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[1]" + xp("ResourceRecordSet/TTL") + "/text()", equalTo("5")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[1]" + xp("ResourceRecordSet/ResourceRecords/ResourceRecord/Value")
                        + "/text()", equalTo("users-7.cluster-abc.us-east-1.rds.amazonaws.com.")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[2]" + xp("ResourceRecordSet/Name") + "/text()",
                        equalTo("users-7-ro.db.example.com.")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[2]" + xp("ResourceRecordSet/Type") + "/text()", equalTo("A")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[2]" + xp("ResourceRecordSet/TTL") + "/text()", equalTo("10")))
                .withRequestBody(matchingXPath("/" + xp(batch) + "[2]" + xp("ResourceRecordSet/ResourceRecords/ResourceRecord/Value")
                        + "/text()", equalTo("10.1.2.3"))));
        wm.verify(exactly(2), getRequestedFor(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")));
    }

    @Test
    void aChangeThatNeverSyncsFailsAtTheBound() {
        stubChange("PENDING");
        Route53Provider p = provider(Duration.ofMillis(300));
        PreparedChange c = p.prepare(List.of(new RecordChange("db.example.com", "m.db.example.com", "A", 5, "10.0.0.2", "10.0.0.1")));
        assertThatThrownBy(c::apply).isInstanceOf(DnsException.class)
                .hasMessageContaining("change C2682N5HXP0BZ4").hasMessageContaining("still PENDING")
                .satisfies(e -> assertThat(((DnsException) e).unchanged()).isFalse());
        // polled (how often depends on the machine's load), then gave up at the bound instead of waiting forever
        assertThat(wm.findAll(getRequestedFor(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")))).isNotEmpty();
    }

    @Test
    void aRefusedBatchNamesTheErrorAndCountsAsUnchanged() {
        wm.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/ZDBFLIP1/rrset/")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "text/xml")
                .withBody("<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                        + "<Code>AccessDenied</Code><Message>User is not authorized to perform route53:ChangeResourceRecordSets"
                        + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")));
        Route53Provider p = provider(Duration.ofSeconds(1));
        PreparedChange c = p.prepare(List.of(new RecordChange("db.example.com", "m.db.example.com", "A", 5, "10.0.0.2", "10.0.0.1")));
        assertThatThrownBy(c::apply).isInstanceOf(DnsException.class)
                .hasMessageContaining("AccessDenied").hasMessageContaining("ZDBFLIP1").hasMessageContaining("m.db.example.com. A")
                .satisfies(e -> assertThat(((DnsException) e).unchanged()).isTrue());
        wm.verify(0, getRequestedFor(urlPathEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")));
    }

    @Test
    void readsOneRecordSetStartingAtTheName() {
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/ZDBFLIP1/rrset")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>"
                        + "<ResourceRecordSet><Name>users-7-master.db.example.com.</Name><Type>CNAME</Type><TTL>5</TTL>"
                        + "<ResourceRecords><ResourceRecord><Value>Users-7.cluster-abc.us-east-1.rds.amazonaws.com</Value>"
                        + "</ResourceRecord></ResourceRecords></ResourceRecordSet></ResourceRecordSets><IsTruncated>true</IsTruncated>"
                        + "<NextRecordName>v.db.example.com.</NextRecordName><NextRecordType>A</NextRecordType>"
                        + "<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>")));
        Route53Provider p = provider(Duration.ofSeconds(1));
        RecordState s = p.read(new RecordChange("db.example.com", "users-7-master.db.example.com", "CNAME", 5, "x.", null));
        assertThat(s.values()).containsExactly("users-7.cluster-abc.us-east-1.rds.amazonaws.com.");
        assertThat(s.ttl()).isEqualTo(5);
        RecordState other = p.read(new RecordChange("db.example.com", "u.db.example.com", "CNAME", 5, "x.", null));
        assertThat(other.exists()).isFalse();
        wm.verify(getRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/ZDBFLIP1/rrset"))
                .withQueryParam("name", equalTo("users-7-master.db.example.com."))
                .withQueryParam("type", equalTo("CNAME")).withQueryParam("maxitems", equalTo("1")));
    }
}
