package io.dbflip.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one file of the inventory defines, before the files are merged. Each definition keeps where
 * it was made (FILE:LINE) and a fingerprint of its YAML, so two files may repeat a provider or a
 * default identically but not define it differently.
 */
final class FilePart {
    record Located<T>(T value, String where, int line, String field, String fingerprint) {
    }

    /** A cluster as read, its limits not yet merged over the defaults. */
    record ClusterPart(ClusterConfig config, LimitValues ownLimits, String file, int line,
                       String field, List<ProviderRef> providerRefs) {
    }

    /** A DNS record's provider name, checked once every file's providers are known. */
    record ProviderRef(String provider, String file, int line, String field) {
    }

    final String file;
    Located<String> journal;
    Located<Secret> journalPassword;
    final Map<String, Located<DnsProviderConfig>> providers = new LinkedHashMap<>();
    /** Every provider named, including ones with errors, so their records are not reported a second time. */
    final java.util.Set<String> providerNames = new java.util.LinkedHashSet<>();
    final Map<LimitField<?>, Located<?>> defaultLimits = new LinkedHashMap<>();
    final Map<String, Located<Map<String, Object>>> importProfiles = new LinkedHashMap<>();
    final List<ClusterPart> clusters = new ArrayList<>();

    FilePart(String file) {
        this.file = file;
    }
}
