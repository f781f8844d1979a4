package io.dbflip.kill;

import io.dbflip.DbflipException;
import io.dbflip.config.Credentials;
import io.dbflip.config.KillMethod;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;

import java.util.function.BiFunction;

/** The session killers by config name. */
public final class Killers {
    private Killers() {
    }

    public static SessionKiller create(String name, BiFunction<SideConfig, Credentials, Server> opener) {
        KillMethod m = KillMethod.of(name).orElseThrow(() -> DbflipException.usage("unknown kill method '" + name
                + "' (known: " + String.join(", ", KillMethod.ALLOWED) + ")"));
        return switch (m) {
            case KILL -> new AdminKill(false);
            case RDS_KILL -> new AdminKill(true);
            case PER_USER -> new PerUserKill(opener);
        };
    }
}
