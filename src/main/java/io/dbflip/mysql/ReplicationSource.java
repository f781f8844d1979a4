package io.dbflip.mysql;

/** Where a replica connects: the source's address, the replication account and TLS. */
public record ReplicationSource(String host, int port, String user, String password, boolean ssl) {
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + (ssl ? " (ssl)" : "");
    }
}
