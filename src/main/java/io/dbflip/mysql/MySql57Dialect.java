package io.dbflip.mysql;

/** MySQL 5.7: MASTER/SLAVE words, MASTER_POS_WAIT, super_read_only. */
public class MySql57Dialect extends MySqlDialect {
    public MySql57Dialect() {
        this(Flavor.MYSQL_57);
    }

    protected MySql57Dialect(Flavor flavor) {
        super(flavor, false, false, false, false);
    }
}
