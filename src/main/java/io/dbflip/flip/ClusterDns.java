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

    /**
     * Prepares the change (both directions), before anything changes: a DNS server that does not
     * answer now is a preflight refusal (exit 3, nothing to roll back), not a failed flip.
     */
    @Override
    public DnsPlan prepare(ClusterConfig cluster, SideConfig from, SideConfig to) {
        DnsPlan dns;
        try {
            dns = cluster.dns().isEmpty() ? DnsPlan.NONE : prepareRecords(cluster, from, to);
        } catch (io.dbflip.DbflipException e) {
            if (e.code() != io.dbflip.ErrorCode.FAILED) {
                throw e;
            }
            throw new io.dbflip.DbflipException(io.dbflip.ErrorCode.PRECONDITION, "preflight refused: cannot prepare the DNS"
                    + " change: " + e.getMessage() + "; nothing was changed", e);
        }
        return withTraffic(cluster, from, to, dns);
    }

    /** Step 9's plan around a DNS plan: the cluster's traffic switch first, when it has one. */
    public DnsPlan withTraffic(ClusterConfig cluster, SideConfig from, SideConfig to, DnsPlan dns) {
        return cluster.traffic() == null ? dns
                : new TrafficAndDns(TrafficSwitch.create(cluster.traffic()).prepare(from.role(), to.role()), dns);
    }

    /** The cluster's own DNS change and its undo, both prepared now (the cluster must have records). */
    public Plan prepareRecords(ClusterConfig cluster, SideConfig from, SideConfig to) {
        return new Plan(dnsSwitch.prepare(cluster.dns(), from.role(), to.role()),
                dnsSwitch.prepare(cluster.dns(), to.role(), from.role()));
    }

    /** The switch this planner's plans use: a fleet builds its shared, one-update-per-zone change with it. */
    public DnsSwitch dnsSwitch() {
        return dnsSwitch;
    }

    /** One cluster's DNS change: its forward and its undo, prepared before the window. */
    public static final class Plan implements DnsPlan {
        private final DnsSwitch.Prepared forward;
        private final DnsSwitch.Prepared back;
        private final Map<String, Object> timings = new LinkedHashMap<>();
        private boolean applied;
        /**
         * The change was sent, by {@link #apply()} or for this cluster in a fleet's shared update per zone
         * ({@link #appliedElsewhere}): the read-back, after the unfence, is this plan's to do.
         */
        private boolean sentHere;

        Plan(DnsSwitch.Prepared forward, DnsSwitch.Prepared back) {
            this.forward = forward;
            this.back = back;
        }

        @Override
        public List<String> describe() {
            return forward.changes().stream().flatMap(p -> p.changes().stream())
                    .map(c -> c.zone() + ": " + c.label() + " " + c.oldValue() + " → " + c.newValue() + " (TTL " + c.ttl() + ")")
                    .toList();
        }

        @Override
        public void warm() {
            forward.warm();
        }

        @Override
        public boolean sendsAhead() {
            return true;
        }

        /** Sends, inside the window; the read-back waits for {@link #readBack()}, after the unfence. */
        @Override
        public void apply() {
            try {
                SwitchResult r = forward.send();
                applied = true;
                sentHere = true;
                timings.put("total_ms", ms(r.total()));
                timings.putAll(zones(r));
            } finally {
                // sent: kept open for the read-back, which closes it; not sent: nothing more to do with it
                if (!sentHere) {
                    forward.close();
                }
            }
        }

        @Override
        public String readBack() {
            if (!sentHere) {
                return null;
            }
            try {
                double took = ms(forward.readBack());
                timings.put("read_back_ms", took);
                return describe().size() + " record(s) read back in " + took + " ms";
            } finally {
                forward.close();
            }
        }

        /**
         * The forward change was sent for this cluster inside another message (a fleet's shared update per
         * zone, which carried these records, sent without a read-back inside the windows): from now on
         * {@link #revert()} undoes it, and {@link #readBack()} (step 13, after this cluster's unfence) reads
         * this cluster's records back.
         */
        public void appliedElsewhere(Map<String, Object> shared) {
            applied = true;
            sentHere = true;
            timings.putAll(shared);
        }

        /** Closes the forward change unsent (the shared update failed, and put back what it changed). */
        public void notApplied(Map<String, Object> shared) {
            timings.putAll(shared);
            forward.close();
        }

        @Override
        public void revert() {
            forward.close();
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
    }

    /** Per zone: records, prepare/apply/verify milliseconds, for the report. */
    public static Map<String, Object> zones(SwitchResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ZoneTiming z : r.zones()) {
            String key = z.zone() + " (" + z.provider() + ")";
            // a zone past its provider's records-per-message limit went out as several messages
            for (int i = 2; out.containsKey(key); i++) {
                key = z.zone() + " (" + z.provider() + ", message " + i + ")";
            }
            out.put(key, Map.of("records", z.records(),
                    "prepare_ms", ms(z.prepare()), "apply_ms", ms(z.apply()), "verify_ms", ms(z.verify())));
        }
        return out;
    }

    public static double ms(Duration d) {
        return Math.round(d.toNanos() / 10_000.0) / 100.0;
    }
}
