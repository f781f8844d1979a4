package io.dbflip.kill;

import io.dbflip.DbflipException;
import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;

import java.util.function.BiFunction;

/** The session killers by config name. */
public final class Killers {
    private Killers() {
    }

    public static SessionKiller create(String name, BiFunction<SideConfig, Credentials, Server> opener) {
        return switch (name) {
            case "kill" -> new AdminKill(false);
            case "rds-kill" -> new AdminKill(true);
            case "per-user" -> new PerUserKill(opener);
            default -> throw DbflipException.usage("unknown kill method '" + name + "' (known: kill, per-user, rds-kill)");
        };
    }
}
