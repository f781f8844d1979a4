package io.dbflip.mysql;

/**
 * MySQL 8.0. The words depend on the release: SHOW REPLICA STATUS / START REPLICA from 8.0.22,
 * CHANGE REPLICATION SOURCE TO from 8.0.23, SOURCE_POS_WAIT from 8.0.26. Older words still work
 * in later 8.0 releases but are deprecated, so each release gets the newest it knows.
 */
public class MySql80Dialect extends MySqlDialect {
    private final int patch;

    /** The current 8.0 releases (8.0.26 and later). */
    public MySql80Dialect() {
        this(999);
    }

    /** @param patch the z of 8.0.z */
    public MySql80Dialect(int patch) {
        super(Flavor.MYSQL_80, patch >= 22, patch >= 23, patch >= 26, false);
        this.patch = patch;
    }

    public int patch() {
        return patch;
    }
}
