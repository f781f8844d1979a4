package io.dbflip.flip;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.dns.DnsCheck;
import io.dbflip.dns.DnsProviders;
import io.dbflip.dns.DnsSwitch;
import io.dbflip.dns.SwitchResult;
import io.dbflip.dns.ZoneTiming;
import io.dbflip.traffic.TrafficSwitch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flip's DNS step on top of the dns package's switch: forward and reverse both prepared before the window. */
public final class ClusterDns implements FlipRunner.DnsPlanner {
    private final DnsSwitch dnsSwitch;
    private final Map<String, io.dbflip.dns.DnsProvider> providers;

    public ClusterDns(DbflipConfig config) {
        this.providers = DnsProviders.create(config.dnsProviders());
        this.dnsSwitch = new DnsSwitch(providers, Duration.ofSeconds(5));
    }

    /** For each record: its current value(s) and the side whose value it is ("?" when none, or the error). */
    public Map<String, String> whoIsNamed(ClusterConfig cluster) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Named n : named(cluster)) {
            out.put(n.record(), n.error() != null ? "unreadable: " + n.error() : n.side() + " " + n.values() + " TTL " + n.ttl());
        }
        return out;
    }

    /**
     * One DNS record of a cluster as its authoritative server answers now: {@code side} is the side whose
     * value it holds ("?" when it holds neither), or {@code error} says why it could not be read.
     */
    public record Named(String record, String side, List<String> values, long ttl, String error) {
    }

    public List<Named> named(ClusterConfig cluster) {
        List<Named> out = new ArrayList<>();
        for (io.dbflip.config.DnsRecordConfig r : cluster.dns()) {
            String label = r.name() + " " + r.type() + " (" + r.zone() + ")";
            try {
                io.dbflip.dns.RecordState now = providers.get(r.provider()).read(
                        new io.dbflip.dns.RecordChange(r.zone(), r.name(), r.type(), r.ttl(), "", null));
                String side = r.values().entrySet().stream().filter(e -> now.is(e.getValue()))
                        .map(Map.Entry::getKey).findFirst().orElse("?");
                out.add(new Named(label, side, now.values(), now.ttl(), null));
            } catch (RuntimeException e) {
                out.add(new Named(label, null, List.of(), -1, String.valueOf(e.getMessage())));
            }
        }
        return out;
    }

    @Override
    public List<Check> check(ClusterConfig cluster, SideConfig current, int maxTtl) {
        List<Check> out = new ArrayList<>(checkDns(cluster, current, maxTtl));
        if (cluster.traffic() != null) {
            // the traffic switch (issue 16) is checked beside DNS: its socket answers, its backend holds both servers
            List<String> problems = TrafficSwitch.create(cluster.traffic()).preflight(current.role(), cluster.other(current).role());
            String what = "traffic " + cluster.traffic().provider() + " " + cluster.traffic().backend();
            out.add(problems.isEmpty() ? Check.pass(what, "answers; backend holds " + cluster.traffic().servers().values())
                    : Check.fail(what, String.join("; ", problems), null));
        }
        return out;
    }

    private List<Check> checkDns(ClusterConfig cluster, SideConfig current, int maxTtl) {
        if (cluster.dns().isEmpty() && cluster.traffic() != null) {
            return List.of();
        }
        if (cluster.dns().isEmpty()) {
            return List.of(Check.pass("dns", "no DNS records configured (hooks move the clients)"));
        }
        List<Check> out = new ArrayList<>();
        for (DnsCheck c : dnsSwitch.check(cluster.dns(), current.role(), maxTtl)) {
            out.add(c.ok() ? Check.pass("dns " + c.record(), c.reason())
                    : Check.fail("dns " + c.record(), c.reason(), null));
        }
        return out;
    }

    /** Points every record that does not already name {@code to} at it (recovery); returns what it did. */
    public String pointAt(ClusterConfig cluster, SideConfig from, SideConfig to) {
        List<io.dbflip.config.DnsRecordConfig> change = new ArrayList<>();
        for (io.dbflip.config.DnsRecordConfig r : cluster.dns()) {
            io.dbflip.dns.RecordState now = providers.get(r.provider()).read(
                    new io.dbflip.dns.RecordChange(r.zone(), r.name(), r.type(), r.ttl(), "", null));
            if (!now.is(r.values().get(to.role()))) {
                change.add(r);
            }
        }
        if (change.isEmpty()) {
            return "every record already names " + to.role();
        }
        try (DnsSwitch.Prepared p = dnsSwitch.prepare(change, from.role(), to.role())) {
            SwitchResult result = p.apply();
            return change.size() + " record(s) pointed at " + to.role() + " in " + ms(result.total()) + " ms";
        }
    }

    @Override
    public DnsPlan prepare(ClusterConfig cluster, SideConfig from, SideConfig to) {
        DnsPlan dns = prepareDns(cluster, from, to);
        return cluster.traffic() == null ? dns
                : new TrafficAndDns(TrafficSwitch.create(cluster.traffic()).prepare(from.role(), to.role()), dns);
    }

    private DnsPlan prepareDns(ClusterConfig cluster, SideConfig from, SideConfig to) {
        if (cluster.dns().isEmpty()) {
            return DnsPlan.NONE;
        }
        DnsSwitch.Prepared forward = dnsSwitch.prepare(cluster.dns(), from.role(), to.role());
        DnsSwitch.Prepared back = dnsSwitch.prepare(cluster.dns(), to.role(), from.role());
        return new DnsPlan() {
            private final Map<String, Object> timings = new LinkedHashMap<>();
            private boolean applied;

            @Override
            public List<String> describe() {
                return forward.changes().stream().flatMap(p -> p.changes().stream())
                        .map(c -> c.zone() + ": " + c.label() + " " + c.oldValue() + " → " + c.newValue() + " (TTL " + c.ttl() + ")")
                        .toList();
            }

            @Override
            public void apply() {
                try {
                    SwitchResult r = forward.apply();
                    applied = true;
                    timings.put("total_ms", ms(r.total()));
                    for (ZoneTiming z : r.zones()) {
                        timings.put(z.zone() + " (" + z.provider() + ")", Map.of("records", z.records(),
                                "prepare_ms", ms(z.prepare()), "apply_ms", ms(z.apply()), "verify_ms", ms(z.verify())));
                    }
                } finally {
                    forward.close();
                }
            }

            @Override
            public void revert() {
                try {
                    if (applied) {
                        SwitchResult r = back.apply();
                        timings.put("reverted_ms", ms(r.total()));
                    }
                } finally {
                    back.close();
                }
            }

            @Override
            public Map<String, Object> timings() {
                return timings;
            }
        };
    }

    private static double ms(Duration d) {
        return Math.round(d.toNanos() / 10_000.0) / 100.0;
    }
}
