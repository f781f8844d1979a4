package io.dbflip.config;

import java.util.List;

/**
 * One side of a cluster: a server that is either the master or a replica of the other side.
 *
 * @param role         the side's name in this cluster, e.g. {@code onprem} or {@code aurora}
 * @param flavor       {@code auto}, or one of {@link io.dbflip.mysql.Flavor}'s config names
 * @param appUsers     application accounts: the account-lock fence locks them, the per-user kill
 *                     connects as each of them
 * @param fence        read-only | account-lock | security-group
 * @param kill         kill | per-user | rds-kill
 */
public record SideConfig(String role, String host, int port, String flavor,
                         Credentials admin, Credentials replication, List<Credentials> appUsers,
                         String fence, String kill, TlsConfig tls, SecurityGroupFenceConfig securityGroup) {

    public String address() {
        return host + ":" + port;
    }
}
