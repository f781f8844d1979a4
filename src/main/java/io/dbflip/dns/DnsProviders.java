package io.dbflip.dns;

import io.dbflip.DbflipException;
import io.dbflip.config.DnsProviderConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the providers the config declares, keyed by their config name; the type picks the implementation. */
public final class DnsProviders {
    private DnsProviders() {
    }

    public static DnsProvider create(DnsProviderConfig config) {
        String type = config.type() == null ? "" : config.type();
        return switch (type) {
            case Rfc2136Provider.TYPE -> new Rfc2136Provider(config);
            case Route53Provider.TYPE -> new Route53Provider(config);
            default -> throw DbflipException.usage("dns_providers." + config.name() + ".type: '" + type
                    + "' is not one of rfc2136, route53");
        };
    }

    public static Map<String, DnsProvider> create(Map<String, DnsProviderConfig> configs) {
        Map<String, DnsProvider> out = new LinkedHashMap<>();
        configs.forEach((name, c) -> out.put(name, create(c)));
        return out;
    }
}
