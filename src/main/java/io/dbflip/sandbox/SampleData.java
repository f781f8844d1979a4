package io.dbflip.sandbox;

import java.util.ArrayList;
import java.util.List;

import static io.dbflip.sandbox.SandboxSql.quote;

/**
 * What the on-premise master holds: the accounts dbflip and the applications use, and three small
 * schemas with every kind of object the objects step must carry over (procedure, function, event,
 * trigger, view). Every statement is idempotent, so a half-finished load can simply run again.
 * All of it is written on onprem-a and reaches the replicas through replication.
 */
final class SampleData {
    static final List<String> SCHEMAS = List.of("shop", "users", "audit");
    static final String PROBE_SCHEMA = "dbflip_probe";

    private SampleData() {
    }

    /**
     * The accounts. App users get ordinary DML on the sample schemas, never ALL ON *.*: on MariaDB
     * that includes READ_ONLY ADMIN, which writes through read_only and defeats the fence.
     */
    static List<String> accounts(Engine engine, String adminPw, String replPw, String appPw, String appRoPw) {
        List<String> s = new ArrayList<>();
        s.add("CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY " + quote(replPw));
        s.add("GRANT " + replicationPrivileges(engine) + " ON *.* TO 'repl'@'%'");
        s.add("CREATE USER IF NOT EXISTS 'dbflip'@'%' IDENTIFIED BY " + quote(adminPw));
        s.add("GRANT ALL PRIVILEGES ON *.* TO 'dbflip'@'%' WITH GRANT OPTION");
        s.add("CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY " + quote(appPw));
        s.add("CREATE USER IF NOT EXISTS 'app_ro'@'%' IDENTIFIED BY " + quote(appRoPw));
        for (String db : SCHEMAS) {
            s.add("GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE, SHOW VIEW ON `" + db + "`.* TO 'app'@'%'");
            s.add("GRANT SELECT, SHOW VIEW ON `" + db + "`.* TO 'app_ro'@'%'");
        }
        // the write probe creates its own table here; schema-level ALL carries no global admin privilege
        s.add("GRANT ALL PRIVILEGES ON `" + PROBE_SCHEMA + "`.* TO 'app'@'%'");
        return s;
    }

    /** What a replication user needs to connect and to be watched: MariaDB 10.5+ splits SLAVE MONITOR out of REPLICATION CLIENT. */
    static String replicationPrivileges(Engine engine) {
        return engine == Engine.MYSQL ? "REPLICATION SLAVE, REPLICATION CLIENT" : "REPLICATION SLAVE, SLAVE MONITOR";
    }

    /**
     * CREATE OR REPLACE of a trigger, routine or event on MariaDB; MySQL has only CREATE … IF NOT
     * EXISTS (8.0.29+), which is as idempotent for a load that never changes a definition.
     */
    private static String create(Engine engine, String kind, String nameAndRest) {
        return engine == Engine.MYSQL ? "CREATE " + kind + " IF NOT EXISTS " + nameAndRest
                : "CREATE OR REPLACE " + kind + " " + nameAndRest;
    }

    static List<String> schemas(Engine engine) {
        List<String> s = new ArrayList<>();
        for (String db : SCHEMAS) {
            s.add("CREATE DATABASE IF NOT EXISTS `" + db + "`");
        }
        s.add("CREATE DATABASE IF NOT EXISTS `" + PROBE_SCHEMA + "`");
        s.add("CREATE TABLE IF NOT EXISTS users.accounts (id INT PRIMARY KEY, login VARCHAR(64) NOT NULL UNIQUE,"
                + " created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB");
        s.add("INSERT IGNORE INTO users.accounts (id, login) VALUES (1,'ada'),(2,'brian'),(3,'carla'),(4,'dmitri'),(5,'eve')");
        s.add("CREATE TABLE IF NOT EXISTS shop.products (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL,"
                + " price DECIMAL(10,2) NOT NULL) ENGINE=InnoDB");
        s.add("INSERT IGNORE INTO shop.products VALUES (1,'kettle',24.50),(2,'teapot',31.00),(3,'mug',6.25)");
        s.add("CREATE TABLE IF NOT EXISTS shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NOT NULL,"
                + " product_id INT NOT NULL, qty INT NOT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)"
                + " ENGINE=InnoDB");
        s.add("INSERT IGNORE INTO shop.orders (id, account_id, product_id, qty) VALUES (1,1,1,1),(2,2,3,4),(3,3,2,1)");
        s.add("CREATE TABLE IF NOT EXISTS audit.events (id BIGINT AUTO_INCREMENT PRIMARY KEY, kind VARCHAR(32) NOT NULL,"
                + " ref INT, at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB");
        s.add("INSERT IGNORE INTO audit.events (id, kind, ref) VALUES (1,'seed',NULL)");
        s.add("CREATE OR REPLACE VIEW shop.order_totals AS SELECT o.id, o.account_id, o.qty * p.price AS total"
                + " FROM shop.orders o JOIN shop.products p ON p.id = o.product_id");
        s.add(create(engine, "TRIGGER", "shop.orders_audit AFTER INSERT ON shop.orders FOR EACH ROW"
                + " INSERT INTO audit.events (kind, ref) VALUES ('order', NEW.id)"));
        s.add(create(engine, "PROCEDURE", "shop.place_order(IN p_account INT, IN p_product INT, IN p_qty INT)"
                + " MODIFIES SQL DATA"
                + " INSERT INTO shop.orders (account_id, product_id, qty) VALUES (p_account, p_product, p_qty)"));
        s.add(create(engine, "FUNCTION", "shop.order_count(p_account INT) RETURNS INT READS SQL DATA"
                + " RETURN (SELECT COUNT(*) FROM shop.orders WHERE account_id = p_account)"));
        s.add(create(engine, "EVENT", "audit.purge_old ON SCHEDULE EVERY 1 HOUR"
                + " DO DELETE FROM audit.events WHERE at < NOW() - INTERVAL 30 DAY"));
        return s;
    }
}
