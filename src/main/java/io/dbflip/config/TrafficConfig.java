package io.dbflip.config;

import java.util.Map;

/**
 * A cluster's traffic switch beside DNS: a proxy the apps connect through, whose backend holds one server per
 * side. At the DNS step the new master's server goes ready and the old one's goes to maintenance.
 *
 * @param provider haproxy
 * @param socket   HAProxy's runtime API: a stats socket path ({@code /run/haproxy/admin.sock}) or {@code host:port}
 * @param backend  the backend (HAProxy: {@code backend} or {@code listen} name) the apps' writes go through
 * @param servers  the backend's server name for each side, keyed by side role
 */
public record TrafficConfig(String provider, String socket, String backend, Map<String, String> servers) {
    public static final String HAPROXY = "haproxy";
}
