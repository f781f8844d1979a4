package io.dbflip.mysql;

/** MySQL 8.4 LTS (and 9.x): no MASTER/SLAVE words left; SHOW BINARY LOG STATUS. */
public class MySql84Dialect extends MySqlDialect {
    public MySql84Dialect() {
        super(Flavor.MYSQL_84, true, true, true, true);
    }
}
