package io.dbflip.config;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the config: one file, or an inventory of several (files, directories, globs) merged into one.
 * Every problem in every file is reported at once, one {@code FILE:LINE: FIELD: what (expected)} per
 * line, in one {@link DbflipException} with {@link io.dbflip.ErrorCode#USAGE}. Secrets are references,
 * read only when a part needs them ({@link Secret#reveal()}).
 */
public final class ConfigLoader {
    /** Larger than any sane inventory file; bounds what a wrong path (a binlog, a dump) costs to read. */
    static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private ConfigLoader() {
    }

    public static DbflipConfig load(Path file) {
        return load(List.of(file));
    }

    /** Loads and merges files, directories (their *.yaml and *.yml) and globs, in the order named. */
    public static DbflipConfig load(List<Path> named) {
        List<Path> files = Inventory.expand(named);
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path f : files) {
            texts.put(f.toString(), read(f));
        }
        return parse(texts, System.getenv(), files);
    }

    /** Parses one document held in memory (tests, the fuzzer); {@code name} stands for the file in messages. */
    public static DbflipConfig parse(String name, String yaml) {
        return parse(Map.of(name, yaml), System.getenv(), List.of(Path.of(name)));
    }

    static DbflipConfig parse(Map<String, String> texts, Map<String, String> env, List<Path> files) {
        Problems problems = new Problems();
        List<FilePart> parts = new ArrayList<>();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            LoadContext ctx = new LoadContext(t.getKey(), problems, env);
            var root = YamlParser.parse(t.getKey(), t.getValue(), problems);
            parts.add(root == null ? new FilePart(t.getKey()) : FileReader.read(ctx, root));
        }
        DbflipConfig config = merge(parts, problems, files);
        problems.throwIfAny();
        return config;
    }

    private static String read(Path f) {
        try {
            if (Files.size(f) > MAX_FILE_BYTES) {
                throw DbflipException.usage(f + ": larger than " + MAX_FILE_BYTES / 1024 / 1024
                        + " MiB, not a config file");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (CharacterCodingException e) {
            throw DbflipException.usage(f + ": not UTF-8 text (a config file is YAML in UTF-8)");
        } catch (IOException e) {
            throw DbflipException.usage(f + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static DbflipConfig merge(List<FilePart> parts, Problems problems, List<Path> files) {
        FilePart.Located<String> journal = null;
        FilePart.Located<Secret> journalPassword = null;
        Map<String, FilePart.Located<DnsProviderConfig>> providers = new LinkedHashMap<>();
        Map<LimitField<?>, FilePart.Located<?>> defaults = new LinkedHashMap<>();
        Map<String, FilePart.Located<Map<String, Object>>> profiles = new LinkedHashMap<>();
        for (FilePart p : parts) {
            journal = once(journal, p.journal, problems);
            journalPassword = once(journalPassword, p.journalPassword, problems);
            p.providers.forEach((k, v) -> providers.put(k, once(providers.get(k), v, problems)));
            p.defaultLimits.forEach((k, v) -> defaults.put(k, once(defaults.get(k), v, problems)));
            p.importProfiles.forEach((k, v) -> profiles.put(k, once(profiles.get(k), v, problems)));
        }
        java.util.Set<String> providerNames = new java.util.LinkedHashSet<>();
        parts.forEach(p -> providerNames.addAll(p.providerNames));
        Map<String, FilePart.ClusterPart> byName = new LinkedHashMap<>();
        for (FilePart p : parts) {
            for (FilePart.ClusterPart c : p.clusters) {
                FilePart.ClusterPart first = byName.putIfAbsent(c.config().name(), c);
                if (first != null) {
                    problems.error(c.file(), c.line(), c.field(), Problems.show(c.config().name())
                            + " is defined twice, first at " + first.file() + ":" + first.line() + " (one definition per cluster)");
                }
                for (FilePart.ProviderRef r : c.providerRefs()) {
                    if (!providerNames.contains(r.provider())) {
                        String guess = Suggest.closest(r.provider(), providerNames);
                        problems.error(r.file(), r.line(), r.field(), Problems.show(r.provider())
                                + " is not a DNS provider (" + (providerNames.isEmpty() ? "define it under dns_providers"
                                : "one of: " + String.join(", ", providerNames)
                                + (guess == null ? "" : "; did you mean \"" + guess + "\"?")) + ")");
                    }
                }
            }
        }
        if (byName.isEmpty() && !problems.hasErrors()) {
            String where = parts.isEmpty() ? "config" : parts.get(0).file;
            problems.error(where, 1, "clusters", "no cluster defined (at least one under clusters:)");
        }
        LimitValues defaultLimits = LimitValues.of(defaults);
        List<ClusterConfig> clusters = new ArrayList<>();
        for (FilePart.ClusterPart c : byName.values()) {
            ClusterConfig cc = c.config();
            clusters.add(new ClusterConfig(cc.name(), cc.labels(), cc.sides(), cc.dns(),
                    c.ownLimits().over(defaultLimits), cc.hooks(), cc.traffic()));
        }
        Map<String, DnsProviderConfig> providerMap = new LinkedHashMap<>();
        providers.forEach((k, v) -> providerMap.put(k, v.value()));
        Map<String, Map<String, Object>> profileMap = new LinkedHashMap<>();
        profiles.forEach((k, v) -> profileMap.put(k, Collections.unmodifiableMap(v.value())));
        return new DbflipConfig(files.isEmpty() ? null : files.get(0),
                journal == null ? expandHome(ConfigFields.get("journal").defaultValue()) : expandHome(journal.value()),
                Collections.unmodifiableMap(providerMap), List.copyOf(clusters), Collections.unmodifiableMap(profileMap),
                problems.warnings(), journalPassword == null ? null : journalPassword.value(), List.copyOf(files));
    }

    /** The first definition, after reporting a second one that differs from it. */
    private static <L extends FilePart.Located<?>> L once(L first, L next, Problems problems) {
        if (first == null) {
            return next;
        }
        if (next != null && !first.fingerprint().equals(next.fingerprint())) {
            int colon = next.where().lastIndexOf(':');
            problems.error(next.where().substring(0, colon), next.line(), next.field(), "defined differently at "
                    + first.where() + " (define it once, or identically in every file)");
        }
        return first;
    }

    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }
}
