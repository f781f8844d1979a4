package io.dbflip.mysql;

/**
 * The server families dbflip knows. A managed flavor (RDS, Aurora) gives its admin no SUPER:
 * replication, kill and binlog settings go through the {@code mysql.rds_*} procedures.
 * {@link #RDS_MARIADB} is also what the sandbox's Aurora-like server is detected as: MariaDB with
 * RDS's procedures and without SUPER.
 */
public enum Flavor {
    MYSQL_57("mysql-5.7", false),
    MYSQL_80("mysql-8.0", false),
    MYSQL_84("mysql-8.4", false),
    AURORA_MYSQL_2("aurora-mysql-2", true),
    AURORA_MYSQL_3("aurora-mysql-3", true),
    /** A managed MySQL 8.4+ (RDS for MySQL 8.4; the sandbox's Aurora-like server on MySQL): 8.4 words, rds_* "source" procedures. */
    RDS_MYSQL_84("rds-mysql-8.4", true),
    MARIADB("mariadb", false),
    RDS_MARIADB("rds-mariadb", true);

    private final String configName;
    private final boolean managed;

    Flavor(String configName, boolean managed) {
        this.configName = configName;
        this.managed = managed;
    }

    /** The name used in config ({@code flavor: aurora-mysql-3}). */
    public String configName() {
        return configName;
    }

    /** True when the admin has no SUPER and the rds_* procedures must be used. */
    public boolean managed() {
        return managed;
    }

    public boolean mariadb() {
        return this == MARIADB || this == RDS_MARIADB;
    }

    /** True when a server replicating from this one must ignore {@code mysql.rds%} tables. */
    public boolean writesRdsTables() {
        return managed;
    }

    public static Flavor fromConfigName(String name) {
        for (Flavor f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
