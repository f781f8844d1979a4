package io.dbflip.config;

import java.util.Map;

/**
 * A DNS record that must name the cluster's master.
 *
 * @param values the record's value for each side, keyed by side role (an address for A, a name for CNAME)
 */
public record DnsRecordConfig(String zone, String name, String type, int ttl, String provider,
                              Map<String, String> values) {
}
