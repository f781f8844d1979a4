package io.dbflip.flip;

import io.dbflip.Failures;
import io.dbflip.traffic.TrafficSwitch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 9 with a traffic switch: the proxy first (milliseconds, on the apps' path), then the DNS records. When
 * DNS fails the proxy is moved back before the failure goes on to the rollback; a rollback after step 9 reverts
 * both, DNS first, in the reverse order of apply.
 */
final class TrafficAndDns implements DnsPlan {
    private final TrafficSwitch.Plan traffic;
    private final DnsPlan dns;
    private final Map<String, Object> timings = new LinkedHashMap<>();

    TrafficAndDns(TrafficSwitch.Plan traffic, DnsPlan dns) {
        this.traffic = traffic;
        this.dns = dns;
    }

    @Override
    public List<String> describe() {
        List<String> out = new ArrayList<>(traffic.describe());
        out.addAll(dns.describe());
        return out;
    }

    @Override
    public void apply() {
        long t = System.nanoTime();
        timings.put("traffic", traffic.apply());
        timings.put("traffic_ms", ms(t));
        try {
            dns.apply();
        } catch (RuntimeException e) {
            try {
                timings.put("traffic_reverted", traffic.revert());
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
    }

    @Override
    public String readBack() {
        return dns.readBack();
    }

    @Override
    public void warm() {
        dns.warm();
    }

    @Override
    public void revert() {
        RuntimeException first = null;
        try {
            dns.revert();
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            // the plan knows whether its apply changed anything (see HaproxyTraffic)
            timings.put("traffic_reverted", traffic.revert());
        } catch (RuntimeException e) {
            first = Failures.keepFirst(first, e);
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public Map<String, Object> timings() {
        Map<String, Object> all = new LinkedHashMap<>(timings);
        all.putAll(dns.timings());
        return all;
    }

    private static double ms(long t0) {
        return Math.round((System.nanoTime() - t0) / 10_000.0) / 100.0;
    }
}
