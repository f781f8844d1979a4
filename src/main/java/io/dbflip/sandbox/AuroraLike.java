package io.dbflip.sandbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.dbflip.sandbox.SandboxSql.quote;

/**
 * Turns a server seeded from a physical copy (a MariaDB backup restored, or a MySQL clone) into one
 * that behaves like Aurora where it matters to dbflip (DESIGN.md, "The Aurora-like sandbox server";
 * on MySQL, Aurora MySQL 3's master user and procedures — docs/sandbox.md lists where it differs):
 * <ul>
 *   <li>what Aurora's S3 import does not bring is removed: user accounts, stored procedures and
 *       functions, time zone tables (events, triggers and views live with the schema and stay);</li>
 *   <li>the master user {@code admin} has every privilege but SUPER and the admin privileges that
 *       stand in for it;</li>
 *   <li>the {@code mysql.rds_*} procedures exist with RDS's argument lists, defined by
 *       {@code rdsadmin} with SQL SECURITY DEFINER, so {@code admin} can do through them what it
 *       cannot do itself;</li>
 *   <li>an event writes {@code mysql.rds_heartbeat2} every second; the table exists on this server
 *       only, so a server replicating from it breaks unless it ignores {@code mysql.rds%}.</li>
 * </ul>
 * Everything runs with sql_log_bin=0: none of it may reach a server that later replicates from B.
 */
final class AuroraLike {
    static final String ADMIN = "admin";
    static final String DEFINER = "`rdsadmin`@`localhost`";
    /** What Aurora's master user never gets (and MariaDB's stand-ins for SUPER). */
    static final List<String> WITHHELD = List.of("SUPER", "SHUTDOWN", "FILE", "READ_ONLY ADMIN", "CONNECTION ADMIN",
            "REPLICATION SLAVE ADMIN", "BINLOG ADMIN", "BINLOG REPLAY", "SET USER", "FEDERATED ADMIN",
            "REPLICATION MASTER ADMIN");
    static final List<String> ADMIN_PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP",
            "RELOAD", "PROCESS", "REFERENCES", "INDEX", "ALTER", "SHOW DATABASES", "CREATE TEMPORARY TABLES",
            "LOCK TABLES", "EXECUTE", "REPLICATION SLAVE", "BINLOG MONITOR", "SLAVE MONITOR", "CREATE VIEW",
            "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "CREATE USER", "EVENT", "TRIGGER", "DELETE HISTORY");
    /**
     * Aurora MySQL 3's master user (AWS, "Master user account privileges"), through rds_superuser_role
     * there, granted directly here. MySQL 9 removed SET_USER_ID: SET_ANY_DEFINER and
     * ALLOW_NONEXISTENT_DEFINER are what replaced it. SESSION_VARIABLES_ADMIN lets the master user
     * turn its session's binlog off, as Aurora 3's does. Never SUPER, SYSTEM_VARIABLES_ADMIN,
     * REPLICATION_SLAVE_ADMIN, BINLOG_ADMIN, SHUTDOWN or FILE.
     */
    static final List<String> ADMIN_PRIVILEGES_MYSQL = List.of("ALTER", "APPLICATION_PASSWORD_ADMIN", "ALTER ROUTINE",
            "CONNECTION_ADMIN", "CREATE", "CREATE ROLE", "CREATE ROUTINE", "CREATE TEMPORARY TABLES", "CREATE USER",
            "CREATE VIEW", "DELETE", "DROP", "DROP ROLE", "EVENT", "EXECUTE", "INDEX", "INSERT", "LOCK TABLES",
            "PROCESS", "REFERENCES", "RELOAD", "REPLICATION CLIENT", "REPLICATION SLAVE", "ROLE_ADMIN",
            "SET_ANY_DEFINER", "ALLOW_NONEXISTENT_DEFINER", "SELECT", "SHOW DATABASES", "SHOW VIEW", "TRIGGER",
            "UPDATE", "XA_RECOVER_ADMIN", "SHOW_ROUTINE", "SESSION_VARIABLES_ADMIN");
    static final List<String> PROCEDURES = List.of("rds_set_external_master", "rds_set_external_master_gtid",
            "rds_start_replication", "rds_stop_replication", "rds_reset_external_master", "rds_skip_repl_error",
            "rds_kill", "rds_kill_query", "rds_set_configuration", "rds_show_configuration",
            "rds_disable_session_binlog", "rds_enable_session_binlog");
    /** Aurora MySQL 3's procedures: "source" names, and the "master" names it still accepts. */
    static final List<String> PROCEDURES_MYSQL = List.of("rds_set_external_source", "rds_set_external_master",
            "rds_set_external_source_with_auto_position", "rds_set_external_master_with_auto_position",
            "rds_reset_external_source", "rds_reset_external_master", "rds_start_replication", "rds_stop_replication",
            "rds_skip_repl_error", "rds_kill", "rds_kill_query", "rds_set_configuration", "rds_show_configuration");
    /** Accounts that come with the server itself, not with the imported data. */
    private static final List<String> SYSTEM_USERS = List.of("root", "mariadb.sys", "mysql", SandboxServer.ROOT_USER, "rdsadmin",
            "mysql.sys", "mysql.session", "mysql.infoschema");

    private AuroraLike() {
    }

    /** Statements that drop what the import leaves behind; computed from what the restored server holds. */
    static List<String> stripImport(Engine engine, Connection root) throws SQLException {
        List<String> s = new ArrayList<>();
        try (Statement st = root.createStatement()) {
            if (engine == Engine.MYSQL) {
                // MySQL: the import brings no events either (issue 12); the objects step carries them, its
                // definer rewritten for the master user (onprem's definer holds SYSTEM_USER, which Aurora's
                // master user can neither be nor drop)
                try (ResultSet rs = st.executeQuery("SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS"
                        + " WHERE EVENT_SCHEMA NOT IN ('mysql','sys')")) {
                    while (rs.next()) {
                        s.add("DROP EVENT `" + rs.getString(1) + "`.`" + rs.getString(2) + "`");
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT User, Host FROM mysql.user")) {
                while (rs.next()) {
                    if (!SYSTEM_USERS.contains(rs.getString(1))) {
                        s.add("DROP USER " + quote(rs.getString(1)) + "@" + quote(rs.getString(2)));
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE"
                    + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA NOT IN ('mysql','sys')")) {
                while (rs.next()) {
                    s.add("DROP " + rs.getString(3) + " `" + rs.getString(1) + "`.`" + rs.getString(2) + "`");
                }
            }
        }
        for (String t : List.of("time_zone", "time_zone_name", "time_zone_transition", "time_zone_transition_type",
                "time_zone_leap_second")) {
            s.add("TRUNCATE TABLE mysql." + t);
        }
        return s;
    }

    /** The RDS layer: definer account, tables, procedures, heartbeat, and the accounts an operator makes. */
    static List<String> install(Engine engine, String adminPw, String replPw) {
        boolean mysql = engine == Engine.MYSQL;
        List<String> s = new ArrayList<>();
        s.add("CREATE USER IF NOT EXISTS " + DEFINER + " IDENTIFIED BY " + quote(java.util.UUID.randomUUID().toString())
                + " ACCOUNT LOCK");
        s.add("GRANT ALL PRIVILEGES ON *.* TO " + DEFINER + " WITH GRANT OPTION");
        s.addAll(rdsTables());
        s.addAll(mysql ? RdsProcedures.mysql() : RdsProcedures.all());
        // MySQL has no CREATE OR REPLACE EVENT, and names the new row by an alias rather than VALUES()
        if (mysql) {
            s.add("DROP EVENT IF EXISTS mysql.rds_heartbeat");
        }
        s.add((mysql ? "CREATE" : "CREATE OR REPLACE") + " DEFINER=" + DEFINER + " EVENT mysql.rds_heartbeat ON SCHEDULE"
                + " EVERY 1 SECOND DO INSERT INTO mysql.rds_heartbeat2 (id, value) VALUES (1, FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000))"
                + (mysql ? " AS n ON DUPLICATE KEY UPDATE value = n.value" : " ON DUPLICATE KEY UPDATE value = VALUES(value)"));
        s.add("CREATE USER IF NOT EXISTS " + quote(ADMIN) + "@'%' IDENTIFIED BY " + quote(adminPw));
        s.add("GRANT " + String.join(", ", mysql ? ADMIN_PRIVILEGES_MYSQL : ADMIN_PRIVILEGES) + " ON *.* TO " + quote(ADMIN)
                + "@'%' WITH GRANT OPTION");
        for (String p : mysql ? PROCEDURES_MYSQL : PROCEDURES) {
            s.add("GRANT EXECUTE ON PROCEDURE mysql." + p + " TO " + quote(ADMIN) + "@'%'");
        }
        // as an operator does on Aurora before replicating out of it (A will replicate from B after a flip)
        s.add("CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY " + quote(replPw));
        s.add("GRANT " + SampleData.replicationPrivileges(engine) + " ON *.* TO 'repl'@'%'");
        return s;
    }

    private static List<String> rdsTables() {
        return List.of("CREATE TABLE IF NOT EXISTS mysql.rds_configuration (name VARCHAR(100) NOT NULL PRIMARY KEY,"
                        + " value VARCHAR(100), description VARCHAR(300) NOT NULL) ENGINE=InnoDB",
                "INSERT IGNORE INTO mysql.rds_configuration VALUES"
                        + " ('binlog retention hours', NULL, 'binlog retention hours specifies the duration in hours before binary logs are automatically deleted.'),"
                        + " ('source delay', '0', 'source delay specifies replication delay in seconds between current instance and its master.'),"
                        + " ('target delay', '0', 'target delay specifies replication delay in seconds between current instance and its future read-replica.')",
                "CREATE TABLE IF NOT EXISTS mysql.rds_heartbeat2 (id INT NOT NULL PRIMARY KEY, value BIGINT)"
                        + " ENGINE=InnoDB");
    }
}
