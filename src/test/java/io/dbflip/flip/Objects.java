package io.dbflip.flip;

import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

/**
 * Test set-up: the app accounts the Aurora-like side lacks after its import are copied from the
 * master (CREATE USER with the stored hash, then its grants), with binary logging off on the target.
 * The product's `dbflip objects apply` does this and more; the flip tests only need the accounts.
 */
public final class Objects {
    private Objects() {
    }

    static void carry(SandboxFixture f) {
        carry(f.cluster, f.opener);
    }

    /** The same for any cluster (the fleet tests carry every cluster of a multi-cluster sandbox). */
    public static void carry(io.dbflip.config.ClusterConfig cluster, FlipSession.Opener opener) {
        Topology t = Topology.read(cluster, opener);
        SideConfig from = t.master();
        SideConfig to = t.replica();
        try (Server a = opener.open(from, from.admin()); Server b = opener.open(to, to.admin())) {
            b.executeAll(b.dialect().sessionBinlog(false));
            for (Credentials app : to.appUsers()) {
                for (var row : a.query("SELECT user AS u, host AS h FROM mysql.user WHERE user = '" + app.user() + "'")) {
                    String account = "'" + row.get("u") + "'@'" + row.get("h") + "'";
                    if (!b.query("SELECT 1 FROM mysql.user WHERE user = '" + row.get("u") + "' AND host = '"
                            + row.get("h") + "'").isEmpty()) {
                        continue;
                    }
                    b.execute(Sql.of(a.queryString("SHOW CREATE USER " + account)));
                    for (var g : a.query("SHOW GRANTS FOR " + account)) {
                        String grant = String.valueOf(g.values().iterator().next());
                        if (!grant.startsWith("GRANT USAGE")) {
                            b.execute(Sql.of(grant.replaceAll(" IDENTIFIED BY PASSWORD '[^']*'", "")));
                        }
                    }
                }
            }
        }
    }
}
