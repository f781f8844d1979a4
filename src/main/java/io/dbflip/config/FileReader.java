package io.dbflip.config;

import org.yaml.snakeyaml.nodes.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one file's top level: journal, DNS providers, defaults, import profiles; clusters go to {@link ClusterReader}. */
final class FileReader {
    private FileReader() {
    }

    static FilePart read(LoadContext ctx, Node root) {
        FilePart part = new FilePart(ctx.file());
        Section top = Section.of(ctx, "", "", root);
        if (top == null) {
            return part;
        }
        if (top.has("journal")) {
            String journal = top.text("journal");
            if (journal != null) {
                part.journal = located(ctx, top, "journal", journal);
            }
        }
        if (top.has("journal_password")) {
            Secret s = top.secret("journal_password");
            if (s != null) {
                part.journalPassword = located(ctx, top, "journal_password", s);
            }
        }
        top.named("dns_providers").forEach((name, p) -> {
            part.providerNames.add(name);
            DnsProviderConfig provider = provider(name, p);
            if (provider != null) {
                part.providers.put(name, new FilePart.Located<>(provider, ctx.file() + ":" + p.line(), p.line(),
                        p.path, Fingerprint.of(p.node)));
            }
        });
        Section defaults = top.section("defaults");
        Section limits = defaults == null ? null : defaults.section("limits");
        if (limits != null) {
            LimitValues set = LimitValues.read(limits);
            for (LimitField<?> f : set.fields()) {
                part.defaultLimits.put(f, located(ctx, limits, f.key(), set.get(f)));
            }
        }
        top.named("import_profiles").forEach((name, p) -> part.importProfiles.put(name,
                new FilePart.Located<>(profile(p), ctx.file() + ":" + p.line(), p.line(), p.path, Fingerprint.of(p.node))));
        List<Section> clusters = top.sections("clusters");
        for (Section c : clusters) {
            FilePart.ClusterPart cluster = ClusterReader.read(c);
            if (cluster != null) {
                part.clusters.add(cluster);
            }
        }
        return part;
    }

    private static <T> FilePart.Located<T> located(LoadContext ctx, Section s, String key, T value) {
        Node node = s.value(key);
        return new FilePart.Located<>(value, ctx.file() + ":" + s.line(key), s.line(key), s.child(key),
                node == null ? String.valueOf(value) : Fingerprint.of(node));
    }

    private static DnsProviderConfig provider(String name, Section p) {
        String type = p.text("type");
        String server = p.has("server") ? p.text("server") : null;
        Section tsig = p.section("tsig");
        String tsigName = tsig == null ? null : tsig.text("name");
        String algorithm = tsig == null ? null : tsig.text("algorithm");
        Secret secret = tsig == null ? null : tsig.secret("secret");
        String zoneId = p.has("hosted_zone_id") ? p.text("hosted_zone_id") : null;
        String region = p.text("region");
        String endpoint = p.has("endpoint") ? p.text("endpoint") : null;
        if ("rfc2136".equals(type)) {
            requireFor(p, "server", type, "the zone's primary, host:port");
            requireFor(p, "tsig", type, "a mapping with name, algorithm, secret");
        } else if ("route53".equals(type)) {
            requireFor(p, "hosted_zone_id", type, "the hosted zone's id");
        }
        return type == null ? null : new DnsProviderConfig(name, type, server, tsigName, algorithm, secret,
                zoneId, region, endpoint);
    }

    private static void requireFor(Section p, String key, String type, String expected) {
        if (!p.has(key)) {
            p.ctx.error(p.line(), p.child(key), "missing (required for type " + type + "; " + expected + ")");
        }
    }

    /** A profile as a plain map, each value already checked against its declared type. */
    private static Map<String, Object> profile(Section p) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : p.keys()) {
            if (!p.has(key)) {
                continue;
            }
            Object v = switch (p.field(key).type()) {
                case COUNT -> p.integer(key);
                case BOOL -> p.bool(key);
                case STRING_LIST -> p.strings(key);
                case SCALAR_MAP -> p.scalars(key);
                default -> p.text(key);
            };
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }
}
