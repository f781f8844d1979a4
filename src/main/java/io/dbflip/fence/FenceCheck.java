package io.dbflip.fence;

import io.dbflip.config.FenceMethod;
import io.dbflip.DbflipException;
import io.dbflip.config.Credentials;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Catalog;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.util.function.BiFunction;

/**
 * Proves a fence holds the way a client would find out: as an app user, a write must fail. An
 * account lock refuses the login itself; read_only refuses a zero-row DELETE on a table the user
 * may write (nothing is changed either way). Throws when a write got through.
 */
public final class FenceCheck {
    private FenceCheck() {
    }

    public static String verify(Fence fence, SideConfig side, BiFunction<SideConfig, Credentials, Server> opener) {
        if (side.appUsers().isEmpty()) {
            return "no app user configured to test the fence with";
        }
        Credentials app = side.appUsers().get(0);
        Server s;
        try {
            s = opener.apply(side, app);
        } catch (DbflipException e) {
            String m = String.valueOf(e.getMessage());
            int code = io.dbflip.mysql.SqlErrors.vendorCode(e);
            // ER_ACCOUNT_HAS_BEEN_LOCKED: 4151 on MariaDB, 3118 on MySQL
            if (code == 4151 || code == 3118) {
                return app.user() + " cannot log in on " + side.role() + " (account locked)";
            }
            if (FenceMethod.cutsNetwork(fence.name())) {
                return app.user() + " cannot reach " + side.role() + " (" + m + ")";
            }
            throw e;
        }
        try (s) {
            if (Fences.locksAccounts(fence.name())) {
                throw DbflipException.failed("fence " + fence.name() + " on " + side.role() + " does not hold: "
                        + app.user() + " logged in");
            }
            for (String name : Catalog.userTables(s)) {
                try {
                    s.execute(Sql.of("DELETE FROM " + name + " WHERE 1 = 0"));
                    throw DbflipException.failed("fence " + fence.name() + " on " + side.role() + " does not hold: "
                            + app.user() + " could write to " + name);
                } catch (DbflipException e) {
                    String m = String.valueOf(e.getMessage());
                    if (m.contains("[1290]") || m.contains("[1836]")) {
                        return "a write by " + app.user() + " on " + side.role() + " was refused (" + name + ": read-only)";
                    }
                    if (m.contains("does not hold")) {
                        throw e;
                    }
                    // 1142: no DELETE on this table for the app user; try the next one
                }
            }
            return "no table " + app.user() + " may write on " + side.role() + " to test with; read_only checked instead: "
                    + s.queryString("SELECT @@global.read_only");
        }
    }
}
