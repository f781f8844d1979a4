package io.dbflip.mysql;

/** MySQL 5.7: MASTER/SLAVE words, MASTER_POS_WAIT, super_read_only. */
public class MySql57Dialect extends MySqlDialect {
    public MySql57Dialect() {
        super(Flavor.MYSQL_57, false, false, false, false);
    }
}
