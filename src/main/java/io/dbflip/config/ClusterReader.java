package io.dbflip.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one cluster: its sides, DNS records, limits and hooks, and the rules that tie them together
 * (two sides with distinct roles, a DNS value per role, what a fence or kill method needs).
 */
final class ClusterReader {
    private ClusterReader() {
    }

    static FilePart.ClusterPart read(Section c) {
        LoadContext ctx = c.ctx;
        String name = c.text("name");
        Map<String, String> labels = c.scalars("labels");
        List<Section> sideSections = c.sections("sides");
        List<SideConfig> sides = sides(c, sideSections);
        // a side that failed to read has already been reported; checking DNS values against the roles
        // left would only add errors that are consequences of that one
        boolean rolesKnown = sides.size() == sideSections.size();
        List<FilePart.ProviderRef> refs = new ArrayList<>();
        List<DnsRecordConfig> dns = new ArrayList<>();
        Set<String> roles = new java.util.LinkedHashSet<>();
        sides.forEach(s -> roles.add(s.role()));
        Map<String, Integer> recordLines = new HashMap<>();
        for (Section d : c.sections("dns")) {
            DnsRecordConfig record = record(d, rolesKnown ? roles : Set.of(), refs);
            if (record != null) {
                String key = record.name().toLowerCase() + " " + record.provider();
                Integer first = recordLines.putIfAbsent(key, d.line());
                if (first != null) {
                    ctx.error(d.line("name"), d.child("name"), Problems.show(record.name())
                            + " is already a record of this cluster with this provider (first at line " + first + ")");
                }
                dns.add(record);
            }
        }
        Section limitsSection = c.section("limits");
        LimitValues limits = limitsSection == null ? LimitValues.NONE : LimitValues.read(limitsSection);
        Section h = c.section("hooks");
        Hooks hooks = h == null ? Hooks.NONE : new Hooks(List.copyOf(h.strings("pre_flip")), List.copyOf(h.strings("post_flip")));
        TrafficConfig traffic = traffic(c.section("traffic"), rolesKnown ? roles : Set.of());
        if (name == null) {
            return null;
        }
        ClusterConfig config = new ClusterConfig(name, java.util.Collections.unmodifiableMap(labels), List.copyOf(sides),
                List.copyOf(dns), null, hooks, traffic);
        return new FilePart.ClusterPart(config, limits, ctx.file(), c.line("name"), c.child("name"), refs);
    }

    private static List<SideConfig> sides(Section c, List<Section> sections) {
        if (c.has("sides") && sections.size() != 2) {
            c.ctx.error(c.line("sides"), c.child("sides"), "has " + sections.size()
                    + (sections.size() == 1 ? " side" : " sides") + " (exactly two)");
        }
        List<SideConfig> sides = new ArrayList<>();
        Map<String, String> rolePaths = new HashMap<>();
        for (Section s : sections) {
            SideConfig side = SideReader.read(s);
            if (side == null) {
                continue;
            }
            String first = rolePaths.putIfAbsent(side.role(), s.path);
            if (first != null) {
                c.ctx.error(s.line("role"), s.child("role"), Problems.show(side.role()) + " is also the role of "
                        + first + " (a role unique in the cluster)");
                continue;
            }
            sides.add(side);
        }
        return sides;
    }

    /** The traffic section: one server name per side, each a side of this cluster, two different names. */
    private static TrafficConfig traffic(Section t, Set<String> roles) {
        if (t == null) {
            return null;
        }
        Map<String, String> servers = t.scalars("servers");
        if (t.has("servers")) {
            for (Map.Entry<String, String> e : servers.entrySet()) {
                String at = t.child("servers") + "." + e.getKey();
                if (!roles.isEmpty() && !roles.contains(e.getKey())) {
                    t.ctx.error(t.line("servers"), at, "is not a side of this cluster (a side role: " + String.join(", ", roles) + ")");
                } else if (e.getValue() == null || e.getValue().isBlank()) {
                    t.ctx.error(t.line("servers"), at, "is empty (the backend's server for this side)");
                }
            }
            for (String role : roles) {
                if (!servers.containsKey(role)) {
                    t.ctx.error(t.line("servers"), t.child("servers"), "no server for side " + Problems.show(role));
                }
            }
            if (servers.size() == 2 && new java.util.HashSet<>(servers.values()).size() == 1) {
                t.ctx.error(t.line("servers"), t.child("servers"), "names the same server for both sides");
            }
        }
        return new TrafficConfig(t.text("provider"), t.text("socket"), t.text("backend"),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(servers)));
    }

    private static DnsRecordConfig record(Section d, Set<String> roles, List<FilePart.ProviderRef> refs) {
        String zone = d.text("zone");
        String name = d.text("name");
        String type = d.text("type");
        Integer ttl = d.integer("ttl");
        String provider = d.text("provider");
        Map<String, String> values = d.scalars("values");
        if (provider != null) {
            refs.add(new FilePart.ProviderRef(provider, d.ctx.file(), d.line("provider"), d.child("provider")));
        }
        if (zone != null && name != null && !inZone(name, zone)) {
            d.ctx.error(d.line("name"), d.child("name"), Problems.show(name) + " is not inside zone " + Problems.show(zone)
                    + " (a name ending in the zone)");
        }
        if (d.has("values")) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                String at = d.child("values") + "." + e.getKey();
                if (!roles.contains(e.getKey()) && !roles.isEmpty()) {
                    String guess = Suggest.closest(e.getKey(), roles);
                    d.ctx.error(d.line("values"), at, "is not a side of this cluster (a side role: "
                            + String.join(", ", roles) + (guess == null ? "" : "; did you mean \"" + guess + "\"?") + ")");
                } else if (e.getValue().isBlank()) {
                    d.ctx.error(d.line("values"), at, "is empty (the record's value when this side is master)");
                } else if ("A".equals(type) && !Values.ipv4(e.getValue())) {
                    d.ctx.error(d.line("values"), at, Problems.show(e.getValue()) + " is not an IPv4 address (type A needs one)");
                }
            }
            for (String role : roles) {
                // with no known roles (a side failed) the loop is empty and nothing more is reported
                if (!values.containsKey(role)) {
                    d.ctx.error(d.line("values"), d.child("values"), "no value for side " + Problems.show(role)
                            + " (one value per side role: " + String.join(", ", roles) + ")");
                }
            }
        }
        if (zone == null || name == null || type == null || ttl == null || provider == null) {
            return null;
        }
        return new DnsRecordConfig(zone, name, type, ttl, provider, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    static boolean inZone(String name, String zone) {
        String n = trimDot(name).toLowerCase();
        String z = trimDot(zone).toLowerCase();
        return z.isEmpty() || n.equals(z) || n.endsWith("." + z);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
