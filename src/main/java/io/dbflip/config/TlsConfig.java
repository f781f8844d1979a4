package io.dbflip.config;

/**
 * TLS for connections to a server, and for replication from it.
 *
 * @param mode       disabled | preferred | required | verify-ca | verify-identity
 * @param caFile     PEM file of the CA that signed the server's certificate (verify-ca, verify-identity)
 * @param certFile   client certificate (PEM), optional
 * @param keyFile    client key (PEM), optional
 * @param replication use SSL for replication from this side (MASTER_SSL=1 / the rds procedures' ssl argument)
 */
public record TlsConfig(String mode, String caFile, String certFile, String keyFile, boolean replication) {
    public static final TlsConfig DISABLED = new TlsConfig("disabled", null, null, null, false);

    public boolean enabled() {
        return !"disabled".equals(mode);
    }
}
