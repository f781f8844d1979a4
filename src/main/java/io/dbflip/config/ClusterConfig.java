package io.dbflip.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cluster: its labels, its two sides, the DNS records that name its master, its limits and hooks, and the
 * traffic switch (a proxy's backend) that sends writes to the master, or null.
 */
public record ClusterConfig(String name, Map<String, String> labels, List<SideConfig> sides,
                            List<DnsRecordConfig> dns, Limits limits, Hooks hooks, TrafficConfig traffic) {

    public ClusterConfig(String name, Map<String, String> labels, List<SideConfig> sides,
                         List<DnsRecordConfig> dns, Limits limits, Hooks hooks) {
        this(name, labels, sides, dns, limits, hooks, null);
    }

    public Optional<SideConfig> side(String role) {
        return sides.stream().filter(s -> s.role().equals(role)).findFirst();
    }

    public SideConfig other(SideConfig side) {
        return sides.stream().filter(s -> !s.role().equals(side.role())).findFirst().orElseThrow();
    }
}
