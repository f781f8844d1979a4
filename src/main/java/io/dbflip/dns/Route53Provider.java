package io.dbflip.dns;

import io.dbflip.DbflipException;
import io.dbflip.config.DnsProviderConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.GetChangeRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Route 53 through AWS SDK v2. One ChangeResourceRecordSets call per zone carries every record of the zone as
 * an UPSERT in one change batch, which Route 53 applies atomically; then GetChange is polled at a short
 * interval until INSYNC (Route 53's authoritative servers all serve the change), within a bound. The SDK's
 * own waiter polls every 30 s, far too coarse for a switch inside a write blackout.
 * Credentials come from the default provider chain (environment, system properties, profile, instance role).
 */
public final class Route53Provider implements DnsProvider {
    public static final String TYPE = "route53";

    private final DnsProviderConfig config;
    private final Route53Client client;
    private final AwsCredentialsProvider credentials;
    private final Duration syncBound;
    private final Duration pollInterval;

    public Route53Provider(DnsProviderConfig config, Duration syncBound, Duration pollInterval) {
        if (config.hostedZoneId() == null || config.hostedZoneId().isBlank()) {
            throw DbflipException.usage("dns_providers." + config.name() + ".hosted_zone_id is required for route53");
        }
        this.config = config;
        this.syncBound = syncBound;
        this.pollInterval = pollInterval;
        this.credentials = DefaultCredentialsProvider.builder().build();
        var builder = Route53Client.builder()
                .region(config.region() == null || config.region().isBlank() ? Region.AWS_GLOBAL : Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build());
        if (config.endpoint() != null && !config.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        this.client = builder.build();
    }

    public Route53Provider(DnsProviderConfig config) {
        this(config, Duration.ofSeconds(60), Duration.ofMillis(250));
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public PreparedChange prepare(List<RecordChange> changes) {
        String zone = DnsSwitch.singleZone(changes);
        resolveCredentials(zone);
        ChangeResourceRecordSetsRequest request = ChangeResourceRecordSetsRequest.builder()
                .hostedZoneId(config.hostedZoneId())
                .changeBatch(ChangeBatch.builder()
                        .comment("dbflip: " + zone)
                        .changes(changes.stream().map(Route53Provider::upsert).toList())
                        .build())
                .build();
        List<RecordChange> copy = List.copyOf(changes);
        return new PreparedChange() {
            @Override public String zone() { return zone; }
            @Override public List<RecordChange> changes() { return copy; }
            @Override public void apply() { send(zone, copy, request); }
        };
    }

    private static Change upsert(RecordChange c) {
        return Change.builder().action(ChangeAction.UPSERT)
                .resourceRecordSet(ResourceRecordSet.builder().name(c.name()).type(c.type()).ttl((long) c.ttl())
                        .resourceRecords(ResourceRecord.builder().value(c.newValue()).build()).build())
                .build();
    }

    private void send(String zone, List<RecordChange> changes, ChangeResourceRecordSetsRequest request) {
        String records = String.join(", ", changes.stream().map(RecordChange::label).toList());
        ChangeInfo info;
        try {
            info = client.changeResourceRecordSets(request).changeInfo();
        } catch (AwsServiceException e) {
            // a 4xx answer (InvalidChangeBatch, AccessDenied, NoSuchHostedZone) means the batch was not applied
            boolean unchanged = e.statusCode() >= 400 && e.statusCode() < 500;
            throw new DnsException(zone, records, "Route 53 refused the change batch for hosted zone "
                    + config.hostedZoneId() + ": " + e.awsErrorDetails().errorCode() + " "
                    + e.awsErrorDetails().errorMessage(), unchanged, e);
        } catch (SdkException e) {
            throw new DnsException(zone, records, "no answer from Route 53: " + e.getMessage(), false, e);
        }
        long deadline = System.nanoTime() + syncBound.toNanos();
        while (info.status() != ChangeStatus.INSYNC) {
            if (System.nanoTime() > deadline) {
                throw new DnsException(zone, records, "Route 53 change " + info.id() + " still " + info.statusAsString()
                        + " after " + syncBound.toMillis() + " ms; it may still apply: check the records", false, null);
            }
            sleep(pollInterval);
            try {
                info = client.getChange(GetChangeRequest.builder().id(info.id()).build()).changeInfo();
            } catch (SdkException e) {
                throw new DnsException(zone, records, "cannot read the state of Route 53 change " + info.id() + ": "
                        + e.getMessage(), false, e);
            }
        }
    }

    @Override
    public RecordState read(RecordChange record) {
        ListResourceRecordSetsResponse r;
        try {
            r = client.listResourceRecordSets(b -> b.hostedZoneId(config.hostedZoneId())
                    .startRecordName(record.name()).startRecordType(record.type()).maxItems("1"));
        } catch (SdkException e) {
            throw new DnsException(record.zone(), record.label(), "cannot read it from Route 53 hosted zone "
                    + config.hostedZoneId() + ": " + e.getMessage(), true, e);
        }
        for (ResourceRecordSet set : r.resourceRecordSets()) {
            String name = set.name().replace("\\052", "*").toLowerCase(Locale.ROOT);
            if (RecordChange.absolute(name).equals(record.name()) && set.typeAsString().equals(record.type())) {
                if (set.aliasTarget() != null) {
                    return new RecordState(List.of("ALIAS " + set.aliasTarget().dnsName()), 0);
                }
                return new RecordState(set.resourceRecords().stream()
                        .map(v -> RecordChange.normalize(record.type(), v.value())).toList(),
                        set.ttl() == null ? -1 : set.ttl());
            }
        }
        return RecordState.ABSENT;
    }

    /**
     * Reading the record proves the credentials resolve and may list the zone. Route 53 has no dry run for
     * ChangeResourceRecordSets, so the right to change it is proven only by the change itself.
     */
    @Override
    public void checkAccess(RecordChange current) {
        resolveCredentials(current.zone());
        read(current);
    }

    private void resolveCredentials(String zone) {
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new DnsException(zone, null, "no AWS credentials for Route 53 (" + e.getMessage()
                    + "); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or an instance role");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbflipException.failed("interrupted while waiting for Route 53");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
