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
 * @param importProfiles named "standard settings" for the Aurora import, as raw maps
 */
public record DbflipConfig(Path file, String journal, Map<String, DnsProviderConfig> dnsProviders,
                           List<ClusterConfig> clusters, Map<String, Map<String, Object>> importProfiles,
                           List<String> warnings) {

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
