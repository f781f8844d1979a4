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
            case AURORA_MYSQL_2 -> new Aurora2Dialect();
            case AURORA_MYSQL_3 -> new Aurora3Dialect(patch);
            case RDS_MYSQL_84 -> new RdsMySql84Dialect();
            case MARIADB -> new MariaDbDialect();
            case RDS_MARIADB -> new RdsMariaDbDialect();
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
