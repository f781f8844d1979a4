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
                HEAD + "rds_set_configuration(IN name VARCHAR(100), IN value INT)" + SEC + "BEGIN"
                        + " IF name NOT IN ('binlog retention hours', 'source delay', 'target delay') THEN"
                        + "  SIGNAL SQLSTATE 'HY000' SET MESSAGE_TEXT = 'Invalid configuration name';"
                        + " END IF;"
                        + " IF name = 'binlog retention hours' AND value IS NOT NULL AND (value < 1 OR value > 2160) THEN"
                        + "  SIGNAL SQLSTATE 'HY000' SET MESSAGE_TEXT = 'binlog retention hours must be between 1 and 2160';"
                        + " END IF;"
                        + " UPDATE mysql.rds_configuration c SET c.value = value WHERE c.name = name; END",
                HEAD + "rds_show_configuration()" + SEC + "BEGIN"
                        + " SELECT name, value, description FROM mysql.rds_configuration ORDER BY name; END",
                HEAD + "rds_disable_session_binlog()" + SEC + "BEGIN SET SESSION sql_log_bin = 0; END",
                HEAD + "rds_enable_session_binlog()" + SEC + "BEGIN SET SESSION sql_log_bin = 1; END");
    }

    /** RDS refuses to kill its own (rdsadmin) and the server's threads; so do we. */
    private static String killProcedure(String name, String param, String what) {
        return HEAD + name + "(IN " + param + " BIGINT)" + SEC + "BEGIN"
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
