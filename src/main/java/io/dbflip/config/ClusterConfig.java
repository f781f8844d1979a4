package io.dbflip.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One cluster: its labels, its two sides, the DNS records that name its master, its limits and hooks. */
public record ClusterConfig(String name, Map<String, String> labels, List<SideConfig> sides,
                            List<DnsRecordConfig> dns, Limits limits, Hooks hooks) {

    public Optional<SideConfig> side(String role) {
        return sides.stream().filter(s -> s.role().equals(role)).findFirst();
    }

    public SideConfig other(SideConfig side) {
        return sides.stream().filter(s -> !s.role().equals(side.role())).findFirst().orElseThrow();
    }
}
