package io.dbflip.config;

/**
 * A way to change DNS records.
 *
 * @param type          rfc2136 | route53
 * @param server        rfc2136: the zone's primary, host:port
 * @param tsigName      rfc2136: the TSIG key's name
 * @param tsigAlgorithm rfc2136: e.g. hmac-sha256
 * @param tsigSecret    rfc2136: the key's base64 secret (a reference)
 * @param hostedZoneId  route53: the hosted zone
 * @param region        route53: AWS region
 * @param endpoint      route53: endpoint override (tests)
 */
public record DnsProviderConfig(String name, String type, String server,
                                String tsigName, String tsigAlgorithm, Secret tsigSecret,
                                String hostedZoneId, String region, String endpoint) {
}
