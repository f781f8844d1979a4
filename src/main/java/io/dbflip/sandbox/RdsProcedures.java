package io.dbflip.sandbox;

import java.util.List;

/**
 * The {@code mysql.rds_*} procedures of RDS / Aurora, with the argument lists AWS documents, emulated
 * on MariaDB. Defined by {@code rdsadmin} with SQL SECURITY DEFINER, so the master user, who lacks
 * SUPER, can set up replication, kill sessions and turn its session's binlog off only through them,
 * as on RDS. CHANGE MASTER goes through PREPARE (checked to work inside a DEFINER procedure);
 * the statement text is a local variable, never a session variable, so the password does not
 * leak into the caller's session.
 */
final class RdsProcedures {
    private static final String HEAD = "CREATE OR REPLACE DEFINER=" + AuroraLike.DEFINER + " PROCEDURE mysql.";
    private static final String SEC = " SQL SECURITY DEFINER ";

    private RdsProcedures() {
    }

    static List<String> all() {
        return List.of(
                HEAD + "rds_set_external_master(IN host_name VARCHAR(255), IN host_port INT,"
                        + " IN replication_user_name VARCHAR(255), IN replication_user_password VARCHAR(255),"
                        + " IN mysql_binary_log_file_name VARCHAR(255), IN mysql_binary_log_file_location BIGINT,"
                        + " IN ssl_encryption INT)" + SEC + "BEGIN"
                        + " DECLARE v_sql TEXT;"
                        + " SET v_sql = CONCAT('CHANGE MASTER TO MASTER_HOST=', QUOTE(host_name),"
                        + " ', MASTER_PORT=', host_port, ', MASTER_USER=', QUOTE(replication_user_name),"
                        + " ', MASTER_PASSWORD=', QUOTE(replication_user_password),"
                        + " ', MASTER_LOG_FILE=', QUOTE(mysql_binary_log_file_name),"
                        + " ', MASTER_LOG_POS=', mysql_binary_log_file_location,"
                        + " ', MASTER_SSL=', IF(ssl_encryption = 1, 1, 0), ', MASTER_CONNECT_RETRY=1');"
                        + " PREPARE rds_stmt FROM v_sql; EXECUTE rds_stmt; DEALLOCATE PREPARE rds_stmt;"
                        + " SET v_sql = NULL; END",
                HEAD + "rds_set_external_master_gtid(IN host_name VARCHAR(255), IN host_port INT,"
                        + " IN replication_user_name VARCHAR(255), IN replication_user_password VARCHAR(255),"
                        + " IN gtid VARCHAR(1024), IN ssl_encryption INT)" + SEC + "BEGIN"
                        + " DECLARE v_sql TEXT;"
                        + " SET GLOBAL gtid_slave_pos = gtid;"
                        + " SET v_sql = CONCAT('CHANGE MASTER TO MASTER_HOST=', QUOTE(host_name),"
                        + " ', MASTER_PORT=', host_port, ', MASTER_USER=', QUOTE(replication_user_name),"
                        + " ', MASTER_PASSWORD=', QUOTE(replication_user_password),"
                        + " ', MASTER_USE_GTID=slave_pos, MASTER_SSL=', IF(ssl_encryption = 1, 1, 0),"
                        + " ', MASTER_CONNECT_RETRY=1');"
                        + " PREPARE rds_stmt FROM v_sql; EXECUTE rds_stmt; DEALLOCATE PREPARE rds_stmt; END",
                HEAD + "rds_start_replication()" + SEC + "BEGIN START SLAVE; END",
                HEAD + "rds_stop_replication()" + SEC + "BEGIN STOP SLAVE; END",
                HEAD + "rds_reset_external_master()" + SEC + "BEGIN STOP SLAVE; RESET SLAVE ALL; END",
                HEAD + "rds_skip_repl_error()" + SEC + "BEGIN"
                        + " STOP SLAVE SQL_THREAD; SET GLOBAL sql_slave_skip_counter = 1; START SLAVE SQL_THREAD; END",
                killProcedure("rds_kill", "processID", "CONNECTION"),
                killProcedure("rds_kill_query", "queryID", "QUERY"),
                HEAD + "rds_set_configuration(IN name VARCHAR(100), IN value INT)" + SEC + configurationBody(),
                HEAD + "rds_show_configuration()" + SEC + "BEGIN"
                        + " SELECT name, value, description FROM mysql.rds_configuration ORDER BY name; END",
                HEAD + "rds_disable_session_binlog()" + SEC + "BEGIN SET SESSION sql_log_bin = 0; END",
                HEAD + "rds_enable_session_binlog()" + SEC + "BEGIN SET SESSION sql_log_bin = 1; END");
    }

    private static final String MY_HEAD = "CREATE DEFINER=" + AuroraLike.DEFINER + " PROCEDURE mysql.";

    /**
     * Aurora MySQL 3's procedures on MySQL 8.4+/9: CHANGE REPLICATION SOURCE through PREPARE (MySQL
     * prepares only from a literal or a user variable: the variable is cleared before the statement
     * runs, so the password does not stay in the caller's session); the "master" names call the
     * "source" ones. MySQL has no CREATE OR REPLACE PROCEDURE: each is dropped first.
     */
    static List<String> mysql() {
        String change = " DECLARE v_sql TEXT;"
                + " SET v_sql = CONCAT('CHANGE REPLICATION SOURCE TO SOURCE_HOST=', QUOTE(host_name),"
                + " ', SOURCE_PORT=', host_port, ', SOURCE_USER=', QUOTE(replication_user_name),"
                + " ', SOURCE_PASSWORD=', QUOTE(replication_user_password), %s"
                + " ', SOURCE_SSL=', IF(ssl_encryption = 1, 1, 0), ', SOURCE_CONNECT_RETRY=1',"
                + " IF(ssl_encryption = 1, '', ', GET_SOURCE_PUBLIC_KEY=1'));"
                + " SET @rds_stmt = v_sql; SET v_sql = NULL;"
                + " PREPARE rds_stmt FROM @rds_stmt; SET @rds_stmt = NULL; EXECUTE rds_stmt; DEALLOCATE PREPARE rds_stmt;";
        String filePos = " ', SOURCE_LOG_FILE=', QUOTE(mysql_binary_log_file_name),"
                + " ', SOURCE_LOG_POS=', mysql_binary_log_file_location, ', SOURCE_AUTO_POSITION=0',";
        String auto = " ', SOURCE_AUTO_POSITION=1',";
        String args7 = "(IN host_name VARCHAR(255), IN host_port INT, IN replication_user_name VARCHAR(255),"
                + " IN replication_user_password VARCHAR(255), IN mysql_binary_log_file_name VARCHAR(255),"
                + " IN mysql_binary_log_file_location BIGINT, IN ssl_encryption INT)";
        String args5 = "(IN host_name VARCHAR(255), IN host_port INT, IN replication_user_name VARCHAR(255),"
                + " IN replication_user_password VARCHAR(255), IN ssl_encryption INT)";
        List<String> s = new java.util.ArrayList<>();
        define(s, "rds_set_external_source", args7, "BEGIN" + String.format(change, filePos) + " END");
        define(s, "rds_set_external_master", args7, "BEGIN CALL mysql.rds_set_external_source(host_name, host_port,"
                + " replication_user_name, replication_user_password, mysql_binary_log_file_name,"
                + " mysql_binary_log_file_location, ssl_encryption); END");
        define(s, "rds_set_external_source_with_auto_position", args5, "BEGIN" + String.format(change, auto) + " END");
        define(s, "rds_set_external_master_with_auto_position", args5, "BEGIN"
                + " CALL mysql.rds_set_external_source_with_auto_position(host_name, host_port, replication_user_name,"
                + " replication_user_password, ssl_encryption); END");
        define(s, "rds_start_replication", "()", "BEGIN START REPLICA; END");
        define(s, "rds_stop_replication", "()", "BEGIN STOP REPLICA; END");
        define(s, "rds_reset_external_source", "()", "BEGIN STOP REPLICA; RESET REPLICA ALL; END");
        define(s, "rds_reset_external_master", "()", "BEGIN CALL mysql.rds_reset_external_source(); END");
        define(s, "rds_skip_repl_error", "()", "BEGIN"
                + " STOP REPLICA SQL_THREAD; SET GLOBAL sql_replica_skip_counter = 1; START REPLICA SQL_THREAD; END");
        define(s, "rds_kill", "(IN processID BIGINT)", killBody("processID", "CONNECTION"));
        define(s, "rds_kill_query", "(IN queryID BIGINT)", killBody("queryID", "QUERY"));
        define(s, "rds_set_configuration", "(IN name VARCHAR(100), IN value INT)", configurationBody());
        define(s, "rds_show_configuration", "()", "BEGIN"
                + " SELECT name, value, description FROM mysql.rds_configuration ORDER BY name; END");
        return s;
    }

    private static void define(List<String> s, String name, String args, String body) {
        s.add("DROP PROCEDURE IF EXISTS mysql." + name);
        s.add(MY_HEAD + name + args + SEC + body);
    }

    private static String configurationBody() {
        return "BEGIN"
                + " IF name NOT IN ('binlog retention hours', 'source delay', 'target delay') THEN"
                + "  SIGNAL SQLSTATE 'HY000' SET MESSAGE_TEXT = 'Invalid configuration name';"
                + " END IF;"
                + " IF name = 'binlog retention hours' AND value IS NOT NULL AND (value < 1 OR value > 2160) THEN"
                + "  SIGNAL SQLSTATE 'HY000' SET MESSAGE_TEXT = 'binlog retention hours must be between 1 and 2160';"
                + " END IF;"
                + " UPDATE mysql.rds_configuration c SET c.value = value WHERE c.name = name; END";
    }

    /** RDS refuses to kill its own (rdsadmin) and the server's threads; so do we. */
    private static String killProcedure(String name, String param, String what) {
        return HEAD + name + "(IN " + param + " BIGINT)" + SEC + killBody(param, what);
    }

    private static String killBody(String param, String what) {
        return "BEGIN"
                + " DECLARE v_user VARCHAR(128) DEFAULT NULL;"
                + " SELECT USER INTO v_user FROM information_schema.PROCESSLIST WHERE ID = " + param + ";"
                + " IF v_user IS NULL THEN"
                + "  SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1094, MESSAGE_TEXT = 'Unknown thread id';"
                + " END IF;"
                + " IF v_user IN ('rdsadmin', 'system user', 'event_scheduler') THEN"
                + "  SIGNAL SQLSTATE '42000' SET MYSQL_ERRNO = 1095, MESSAGE_TEXT = 'You are not owner of thread';"
                + " END IF;"
                + " KILL " + what + " " + param + "; END";
    }
}
