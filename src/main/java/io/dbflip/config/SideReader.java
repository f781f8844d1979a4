package io.dbflip.config;

import java.util.ArrayList;
import java.util.List;

/** Reads one side of a cluster, and checks that its fence and kill methods have what they need. */
final class SideReader {
    private SideReader() {
    }

    static SideConfig read(Section s) {
        String role = s.text("role");
        String host = s.text("host");
        Integer port = s.integer("port");
        String flavor = s.text("flavor");
        Credentials admin = credentials(s.section("admin"));
        Credentials replication = credentials(s.section("replication"));
        List<Credentials> appUsers = new ArrayList<>();
        List<Section> users = s.sections("app_users");
        for (Section u : users) {
            Credentials c = credentials(u);
            if (c != null) {
                appUsers.add(c);
            }
        }
        String fence = s.text("fence");
        String kill = s.text("kill");
        TlsConfig tls = tls(s.section("tls"));
        SecurityGroupFenceConfig sg = securityGroup(s.section("security_group"));
        boolean sgFence = FenceMethod.includes(fence, FenceMethod.SECURITY_GROUP);
        boolean lockFence = FenceMethod.locksAccounts(fence);
        boolean perUser = KillMethod.of(kill).map(KillMethod::connectsAsAppUsers).orElse(false);
        if (sgFence && !s.has("security_group")) {
            s.ctx.error(s.line("fence"), s.child("security_group"), "missing (fence: security-group needs the cluster "
                    + "identifier, region, normal and restricted group lists)");
        }
        if ((lockFence || perUser) && appUsers.isEmpty() && !s.has("app_users")) {
            s.ctx.error(s.line(), s.child("app_users"), "missing (" + (lockFence
                    ? "fence: account-lock locks the app users" : "kill: per-user connects as each app user") + ")");
        }
        if (perUser) {
            for (Section u : users) {
                if (!u.has("password")) {
                    s.ctx.error(u.line(), u.child("password"),
                            "missing (kill: per-user connects as each app user)");
                }
            }
        }
        if (role == null || host == null || port == null || flavor == null || admin == null || replication == null
                || fence == null || kill == null || tls == null) {
            return null;
        }
        return new SideConfig(role, host, port, flavor, admin, replication, List.copyOf(appUsers), fence, kill, tls, sg);
    }

    private static Credentials credentials(Section c) {
        if (c == null) {
            return null;
        }
        String user = c.text("user");
        Secret password = c.secret("password");
        return user == null ? null : new Credentials(user, password);
    }

    private static TlsConfig tls(Section t) {
        if (t == null) {
            return TlsConfig.DISABLED;
        }
        String mode = t.text("mode");
        Boolean replication = t.bool("replication");
        String ca = t.has("ca") ? t.text("ca") : null;
        String cert = t.has("cert") ? t.text("cert") : null;
        String key = t.has("key") ? t.text("key") : null;
        if (t.has("cert") != t.has("key")) {
            t.ctx.error(t.line(), t.child(t.has("cert") ? "key" : "cert"), "missing (a client certificate needs both cert and key)");
        }
        return mode == null || replication == null ? null : new TlsConfig(mode, ca, cert, key, replication);
    }

    private static SecurityGroupFenceConfig securityGroup(Section g) {
        if (g == null) {
            return null;
        }
        return new SecurityGroupFenceConfig(g.text("cluster_identifier"), g.text("region"),
                g.has("endpoint") ? g.text("endpoint") : null, List.copyOf(g.strings("normal")),
                List.copyOf(g.strings("restricted")));
    }
}
