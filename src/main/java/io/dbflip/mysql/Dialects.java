package io.dbflip.mysql;

import java.math.BigDecimal;
import java.time.Duration;

/** The dialect of each flavor, and small helpers the dialects share. */
public final class Dialects {
    /** Never the query text: it may hold data that must not be printed. */
    static final String PROCESS_LIST = "SELECT id, user, host, db, command, time, state"
            + " FROM information_schema.PROCESSLIST ORDER BY id";

    private Dialects() {
    }

    /** The dialect of the flavor's current releases (MySQL 8.0: 8.0.26 and later). */
    public static Dialect of(Flavor flavor) {
        return of(flavor, null);
    }

    /**
     * The dialect of the flavor at a given server version ({@code @@version}, may be null): it picks
     * the replication words MySQL 8.0 and Aurora 3 releases understand.
     */
    public static Dialect of(Flavor flavor, String version) {
        int patch = ServerVersion.parse(version).patchOr(999);
        return switch (flavor) {
            case MYSQL_57 -> new MySql57Dialect();
            case MYSQL_80 -> new MySql80Dialect(patch);
            case MYSQL_84 -> new MySql84Dialect();
            case MARIADB -> new MariaDbDialect();
            // the managed flavors: a self-managed dialect for what the master user may run, the
            // rds_* procedures for the rest (Aurora 3.01/3.02 are 8.0.23: never older words)
            case AURORA_MYSQL_2 -> new ManagedDialect(flavor, new MySql57Dialect(), ManagedServer.AURORA_2);
            case AURORA_MYSQL_3 -> new ManagedDialect(flavor, new MySql80Dialect(Math.max(patch, 23)),
                    ManagedServer.AURORA_3);
            case RDS_MYSQL_84 -> new ManagedDialect(flavor, new MySql84Dialect(), ManagedServer.RDS_MYSQL_84);
            case RDS_MARIADB -> new ManagedDialect(flavor, new MariaDbDialect(), ManagedServer.RDS_MARIADB);
        };
    }

    /** MySQL's wait functions: whole seconds, at least one (0 would mean "do not wait" on some releases). */
    static long wholeSeconds(Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return Math.max(1, (ms + 999) / 1000);
    }

    /** MariaDB's wait functions take fractional seconds: milliseconds, trailing zeros dropped. */
    static String fractionalSeconds(Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }
}
