package io.dbflip.config;

import io.dbflip.DbflipException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole configuration.
 *
 * @param journal  where the journal lives: a directory for the embedded file journal, or a
 *                 {@code mysql://host:port/db} URL for a team's shared journal
 * @param importProfiles named "standard settings" for the Aurora import, as maps of each declared field's
 *                 value (String, Integer, Boolean, List of String, Map of String to String)
 * @param warnings  {@code FILE:LINE: FIELD: what} lines, e.g. literal secrets; never holding a secret
 * @param journalPassword the password of a {@code mysql://} journal's user, or null
 * @param files     every file the inventory was read from, in order; {@code file} is the first
 */
public record DbflipConfig(Path file, String journal, Map<String, DnsProviderConfig> dnsProviders,
                           List<ClusterConfig> clusters, Map<String, Map<String, Object>> importProfiles,
                           List<String> warnings, Secret journalPassword, List<Path> files) {

    /** The original six-field form, for code and tests that build a config by hand. */
    public DbflipConfig(Path file, String journal, Map<String, DnsProviderConfig> dnsProviders,
                        List<ClusterConfig> clusters, Map<String, Map<String, Object>> importProfiles,
                        List<String> warnings) {
        this(file, journal, dnsProviders, clusters, importProfiles, warnings, null,
                file == null ? List.of() : List.of(file));
    }

    public ClusterConfig cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> DbflipException.usage("no cluster named '" + name + "' in " + file
                        + " (known: " + clusters.stream().map(ClusterConfig::name).collect(Collectors.joining(", ")) + ")"));
    }

    public DnsProviderConfig dnsProvider(String name) {
        DnsProviderConfig p = dnsProviders.get(name);
        if (p == null) {
            throw DbflipException.usage("no DNS provider named '" + name + "' in " + file);
        }
        return p;
    }
}
