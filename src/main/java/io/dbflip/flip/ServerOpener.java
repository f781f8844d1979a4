package io.dbflip.flip;

import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Connector;
import io.dbflip.mysql.Flavor;
import io.dbflip.mysql.Server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens connections for the flip: the admin's detect the flavor once per side; app users'
 * connections reuse it (an app user may not see enough of the server to detect it).
 */
public final class ServerOpener implements FlipSession.Opener, AutoCloseable {
    private final Connector connector;
    private final Map<String, Flavor> flavors = new ConcurrentHashMap<>();

    public ServerOpener() {
        this(new Connector());
    }

    public ServerOpener(Connector connector) {
        this.connector = connector;
    }

    @Override
    public Server open(SideConfig side, Credentials as) {
        String key = side.role() + "@" + side.address();
        if (as == side.admin() || flavors.get(key) == null) {
            Server admin = as == side.admin() ? connector.connect(side) : null;
            if (admin != null) {
                flavors.put(key, admin.flavor());
                return admin;
            }
            try (Server probe = connector.connect(side)) {
                flavors.put(key, probe.flavor());
            }
        }
        return connector.connectAs(side, as, flavors.get(key));
    }

    @Override
    public void close() {
        connector.close();
    }
}
