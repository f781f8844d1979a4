package io.dbflip.mysql;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact statement text of every operation in every flavor. Each expectation cites the vendor
 * page its syntax comes from; a change here is a change of what dbflip runs on production servers.
 */
class DialectGoldenTest {
    static final ReplicationSource SRC = new ReplicationSource("10.0.0.5", 3306, "repl", "s3cret", false);
    static final ReplicationSource SRC_SSL = new ReplicationSource("10.0.0.5", 3306, "repl", "s3cret", true);
    static final BinlogPosition POS = new BinlogPosition("mysql-bin.000042", 1383);
    static final Duration T = Duration.ofMillis(2500);

    static List<String> text(List<Sql> l) {
        return l.stream().map(Sql::text).toList();
    }

    static List<String> shown(List<Sql> l) {
        return l.stream().map(Sql::display).toList();
    }

    @Nested
    class MySql57 {
        final Dialect d = Dialects.of(Flavor.MYSQL_57);

        @Test
        void readsState() {
            // https://dev.mysql.com/doc/refman/5.7/en/show-slave-status.html
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW SLAVE STATUS");
            // https://dev.mysql.com/doc/refman/5.7/en/show-master-status.html
            assertThat(d.binlogStatusQuery()).isEqualTo("SHOW MASTER STATUS");
            // https://dev.mysql.com/doc/refman/5.7/en/replication-options-gtids.html (gtid_mode, gtid_executed, gtid_purged)
            assertThat(d.gtidStateQuery()).isEqualTo("SELECT @@GLOBAL.gtid_mode AS gtid_mode,"
                    + " @@GLOBAL.gtid_executed AS gtid_executed, @@GLOBAL.gtid_purged AS gtid_purged");
            assertThat(d.processListQuery()).isEqualTo("SELECT id, user, host, db, command, time, state"
                    + " FROM information_schema.PROCESSLIST ORDER BY id");
            assertThat(d.hasSuperReadOnly()).isTrue();
        }

        @Test
        void setsUpReplication() {
            // https://dev.mysql.com/doc/mysql-replication-excerpt/5.7/en/replication-howto-slaveinit.html
            assertThat(text(d.setupReplication(SRC, POS))).containsExactly("CHANGE MASTER TO MASTER_HOST='10.0.0.5',"
                    + " MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_LOG_FILE='mysql-bin.000042',"
                    + " MASTER_LOG_POS=1383, MASTER_AUTO_POSITION=0, MASTER_SSL=0");
            // https://dev.mysql.com/doc/refman/5.7/en/replication-gtids-howto.html (gtid_purged, MASTER_AUTO_POSITION=1)
            assertThat(text(d.setupReplicationWithGtid(SRC_SSL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"))).containsExactly(
                    "SET GLOBAL gtid_purged = '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5'",
                    "CHANGE MASTER TO MASTER_HOST='10.0.0.5', MASTER_PORT=3306, MASTER_USER='repl',"
                            + " MASTER_PASSWORD='s3cret', MASTER_AUTO_POSITION=1, MASTER_SSL=1");
        }

        @Test
        void controlsReplication() {
            // https://dev.mysql.com/doc/refman/5.7/en/start-slave.html, stop-slave.html, reset-slave.html
            assertThat(text(d.startReplica())).containsExactly("START SLAVE");
            assertThat(text(d.stopReplica())).containsExactly("STOP SLAVE");
            assertThat(text(d.resetReplica())).containsExactly("STOP SLAVE", "RESET SLAVE ALL");
            // https://dev.mysql.com/doc/refman/5.7/en/server-system-variables.html#sysvar_super_read_only
            assertThat(text(d.setReadOnly(true))).containsExactly("SET GLOBAL super_read_only = ON");
            assertThat(text(d.setReadOnly(false))).containsExactly("SET GLOBAL read_only = OFF");
            // https://dev.mysql.com/doc/refman/5.7/en/kill.html
            assertThat(d.kill(42, false).text()).isEqualTo("KILL CONNECTION 42");
            assertThat(d.killQuery(42, false).text()).isEqualTo("KILL QUERY 42");
            // https://dev.mysql.com/doc/refman/5.7/en/set-sql-log-bin.html
            assertThat(text(d.sessionBinlog(false))).containsExactly("SET SESSION sql_log_bin = OFF");
            assertThat(text(d.sessionBinlog(true))).containsExactly("SET SESSION sql_log_bin = ON");
        }

        @Test
        void waitsAndFilters() {
            // https://dev.mysql.com/doc/refman/5.7/en/miscellaneous-functions.html#function_master-pos-wait
            assertThat(d.waitForPosition(POS, T)).isEqualTo("SELECT MASTER_POS_WAIT('mysql-bin.000042', 1383, 3)");
            // https://dev.mysql.com/doc/refman/5.7/en/gtid-functions.html#function_wait-for-executed-gtid-set
            assertThat(d.waitForGtid("u:1-5", T)).isEqualTo("SELECT IF(WAIT_FOR_EXECUTED_GTID_SET('u:1-5', 3) = 0, 0, -1)");
            // https://dev.mysql.com/doc/refman/5.7/en/change-replication-filter.html
            assertThat(text(d.ignoreRdsTables())).containsExactly(
                    "CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('mysql.rds%')");
            assertThat(d.ignoreRdsTablesMyCnf()).isEqualTo("replicate-wild-ignore-table = mysql.rds%");
        }
    }

    @Nested
    class MySql80 {
        final Dialect d = Dialects.of(Flavor.MYSQL_80, "8.0.36");

        @Test
        void readsStateWithReplicaWords() {
            // https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html (8.0.22+)
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW REPLICA STATUS");
            // https://dev.mysql.com/doc/refman/8.0/en/show-master-status.html
            assertThat(d.binlogStatusQuery()).isEqualTo("SHOW MASTER STATUS");
        }

        @Test
        void setsUpReplicationWithSourceWords() {
            // https://dev.mysql.com/doc/refman/8.0/en/change-replication-source-to.html (8.0.23+);
            // GET_SOURCE_PUBLIC_KEY: replication-howto-slaveinit.html, caching_sha2_password without TLS
            assertThat(text(d.setupReplication(SRC, POS))).containsExactly("CHANGE REPLICATION SOURCE TO"
                    + " SOURCE_HOST='10.0.0.5', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret',"
                    + " SOURCE_LOG_FILE='mysql-bin.000042', SOURCE_LOG_POS=1383, SOURCE_AUTO_POSITION=0, SOURCE_SSL=0,"
                    + " GET_SOURCE_PUBLIC_KEY=1");
            assertThat(text(d.setupReplicationWithGtid(SRC_SSL, ""))).containsExactly("CHANGE REPLICATION SOURCE TO"
                    + " SOURCE_HOST='10.0.0.5', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret',"
                    + " SOURCE_AUTO_POSITION=1, SOURCE_SSL=1");
        }

        @Test
        void controlsReplication() {
            // https://dev.mysql.com/doc/refman/8.0/en/start-replica.html, stop-replica.html, reset-replica.html
            assertThat(text(d.startReplica())).containsExactly("START REPLICA");
            assertThat(text(d.stopReplica())).containsExactly("STOP REPLICA");
            assertThat(text(d.resetReplica())).containsExactly("STOP REPLICA", "RESET REPLICA ALL");
            assertThat(text(d.setReadOnly(true))).containsExactly("SET GLOBAL super_read_only = ON");
            assertThat(d.kill(7, true).text()).isEqualTo("CALL mysql.rds_kill(7)");
        }

        @Test
        void waitsWithSourcePosWaitFrom8026() {
            // https://dev.mysql.com/doc/refman/8.0/en/replication-functions-synchronization.html
            assertThat(d.waitForPosition(POS, T)).isEqualTo("SELECT SOURCE_POS_WAIT('mysql-bin.000042', 1383, 3)");
            assertThat(Dialects.of(Flavor.MYSQL_80, "8.0.25").waitForPosition(POS, T))
                    .isEqualTo("SELECT MASTER_POS_WAIT('mysql-bin.000042', 1383, 3)");
            // https://dev.mysql.com/doc/refman/8.0/en/gtid-functions.html
            assertThat(d.waitForGtid("u:1-5", Duration.ofSeconds(10)))
                    .isEqualTo("SELECT IF(WAIT_FOR_EXECUTED_GTID_SET('u:1-5', 10) = 0, 0, -1)");
            // https://dev.mysql.com/doc/refman/8.0/en/change-replication-filter.html
            assertThat(text(d.ignoreRdsTables())).containsExactly(
                    "CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('mysql.rds%')");
        }

        @Test
        void oldReleasesKeepTheOldWords() {
            Dialect d21 = Dialects.of(Flavor.MYSQL_80, "8.0.21");
            assertThat(d21.replicaStatusQuery()).isEqualTo("SHOW SLAVE STATUS");
            assertThat(text(d21.startReplica())).containsExactly("START SLAVE");
            assertThat(text(d21.setupReplication(SRC, POS)).get(0)).startsWith("CHANGE MASTER TO MASTER_HOST='10.0.0.5'")
                    .endsWith(", GET_MASTER_PUBLIC_KEY=1");
            Dialect d22 = Dialects.of(Flavor.MYSQL_80, "8.0.22");
            assertThat(d22.replicaStatusQuery()).isEqualTo("SHOW REPLICA STATUS");
            assertThat(text(d22.setupReplication(SRC, POS)).get(0)).startsWith("CHANGE MASTER TO");
        }
    }

    @Nested
    class MySql84 {
        final Dialect d = Dialects.of(Flavor.MYSQL_84);

        @Test
        void hasNoMasterWordsLeft() {
            // https://dev.mysql.com/doc/refman/8.4/en/show-binary-log-status.html (SHOW MASTER STATUS removed)
            assertThat(d.binlogStatusQuery()).isEqualTo("SHOW BINARY LOG STATUS");
            // https://dev.mysql.com/doc/refman/8.4/en/show-replica-status.html
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW REPLICA STATUS");
            // https://dev.mysql.com/doc/refman/8.4/en/change-replication-source-to.html
            assertThat(text(d.setupReplication(SRC_SSL, POS))).containsExactly("CHANGE REPLICATION SOURCE TO"
                    + " SOURCE_HOST='10.0.0.5', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret',"
                    + " SOURCE_LOG_FILE='mysql-bin.000042', SOURCE_LOG_POS=1383, SOURCE_AUTO_POSITION=0, SOURCE_SSL=1");
            assertThat(text(d.resetReplica())).containsExactly("STOP REPLICA", "RESET REPLICA ALL");
            // https://dev.mysql.com/doc/refman/8.4/en/replication-functions-synchronization.html
            assertThat(d.waitForPosition(POS, T)).isEqualTo("SELECT SOURCE_POS_WAIT('mysql-bin.000042', 1383, 3)");
            for (Sql s : concat(d)) {
                assertThat(s.text()).doesNotContain("MASTER").doesNotContain("SLAVE");
            }
        }
    }

    @Nested
    class Aurora2 {
        final Dialect d = Dialects.of(Flavor.AURORA_MYSQL_2, "5.7.12");

        @Test
        void drivesReplicationThroughRdsProcedures() {
            // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/mysql-stored-proc-replicating.html
            // mysql.rds_set_external_master(host_name, host_port, replication_user_name,
            //   replication_user_password, mysql_binary_log_file_name, mysql_binary_log_file_location, ssl_encryption)
            assertThat(text(d.setupReplication(SRC_SSL, POS))).containsExactly("CALL mysql.rds_set_external_master("
                    + "'10.0.0.5', 3306, 'repl', 's3cret', 'mysql-bin.000042', 1383, 1)");
            // ... mysql.rds_set_external_master_with_auto_position(host, port, user, password, ssl_encryption)
            assertThat(text(d.setupReplicationWithGtid(SRC, "u:1-5"))).containsExactly(
                    "CALL mysql.rds_set_external_master_with_auto_position('10.0.0.5', 3306, 'repl', 's3cret', 0)");
            assertThat(text(d.startReplica())).containsExactly("CALL mysql.rds_start_replication()");
            assertThat(text(d.stopReplica())).containsExactly("CALL mysql.rds_stop_replication()");
            assertThat(text(d.resetReplica())).containsExactly("CALL mysql.rds_reset_external_master()");
            // mysql.rds_disable_session_binlog / rds_enable_session_binlog (Aurora MySQL 2.12+)
            assertThat(text(d.sessionBinlog(false))).containsExactly("CALL mysql.rds_disable_session_binlog()");
            assertThat(text(d.sessionBinlog(true))).containsExactly("CALL mysql.rds_enable_session_binlog()");
            // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-stored-proc-ending.html
            assertThat(d.kill(42, true).text()).isEqualTo("CALL mysql.rds_kill(42)");
            assertThat(d.killQuery(42, true).text()).isEqualTo("CALL mysql.rds_kill_query(42)");
        }

        @Test
        void cannotSetReadOnlyOrFilters() {
            assertThat(d.setReadOnly(true)).isEmpty();
            assertThat(d.setReadOnly(false)).isEmpty();
            // the master user has no dynamic way: preflight refuses with this instruction
            assertThat(d.ignoreRdsTables()).isEmpty();
            assertThat(d.ignoreRdsTablesMyCnf()).contains("replicate_wild_ignore_table = mysql.rds%")
                    .contains("DB cluster parameter group");
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW SLAVE STATUS");
            assertThat(d.waitForPosition(POS, T)).isEqualTo("SELECT MASTER_POS_WAIT('mysql-bin.000042', 1383, 3)");
        }
    }

    @Nested
    class Aurora3 {
        final Dialect d = Dialects.of(Flavor.AURORA_MYSQL_3, "8.0.32");

        @Test
        void usesTheSourceProcedures() {
            // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/mysql-stored-proc-replicating.html
            // mysql.rds_set_external_source (Aurora MySQL version 3): same seven parameters
            assertThat(text(d.setupReplication(SRC, POS))).containsExactly("CALL mysql.rds_set_external_source("
                    + "'10.0.0.5', 3306, 'repl', 's3cret', 'mysql-bin.000042', 1383, 0)");
            assertThat(text(d.setupReplicationWithGtid(SRC_SSL, null))).containsExactly(
                    "CALL mysql.rds_set_external_source_with_auto_position('10.0.0.5', 3306, 'repl', 's3cret', 1)");
            assertThat(text(d.resetReplica())).containsExactly("CALL mysql.rds_reset_external_source()");
            assertThat(text(d.startReplica())).containsExactly("CALL mysql.rds_start_replication()");
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW REPLICA STATUS");
            // Aurora 3: "SET SESSION sql_log_bin = OFF" with SESSION_VARIABLES_ADMIN (same page)
            assertThat(text(d.sessionBinlog(false))).containsExactly("SET SESSION sql_log_bin = OFF");
            assertThat(d.setReadOnly(true)).isEmpty();
            assertThat(d.ignoreRdsTables()).isEmpty();
            assertThat(d.waitForPosition(POS, T)).isEqualTo("SELECT SOURCE_POS_WAIT('mysql-bin.000042', 1383, 3)");
        }

        @Test
        void aurora301WaitsWithMasterPosWait() {
            // Aurora 3.01/3.02 are MySQL 8.0.23: SOURCE_POS_WAIT arrived in 8.0.26
            assertThat(Dialects.of(Flavor.AURORA_MYSQL_3, "8.0.23").waitForPosition(POS, T))
                    .isEqualTo("SELECT MASTER_POS_WAIT('mysql-bin.000042', 1383, 3)");
        }
    }

    @Nested
    class RdsMySql84 {
        final Dialect d = Dialects.of(Flavor.RDS_MYSQL_84, "8.4.3");

        @Test
        void readsWithMySql84WordsAndWritesThroughTheSourceProcedures() {
            // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-stored-proc-replicating.html
            // (RDS for MySQL 8.4: mysql.rds_set_external_source, …_with_auto_position, rds_reset_external_source)
            assertThat(text(d.setupReplication(SRC, POS))).containsExactly("CALL mysql.rds_set_external_source("
                    + "'10.0.0.5', 3306, 'repl', 's3cret', 'mysql-bin.000042', 1383, 0)");
            assertThat(text(d.setupReplicationWithGtid(SRC_SSL, "u:1-5"))).containsExactly(
                    "CALL mysql.rds_set_external_source_with_auto_position('10.0.0.5', 3306, 'repl', 's3cret', 1)");
            assertThat(text(d.startReplica())).containsExactly("CALL mysql.rds_start_replication()");
            assertThat(text(d.stopReplica())).containsExactly("CALL mysql.rds_stop_replication()");
            assertThat(text(d.resetReplica())).containsExactly("CALL mysql.rds_reset_external_source()");
            assertThat(d.kill(7, true).text()).isEqualTo("CALL mysql.rds_kill(7)");
            assertThat(d.killQuery(7, true).text()).isEqualTo("CALL mysql.rds_kill_query(7)");
            // https://dev.mysql.com/doc/refman/8.4/en/set-sql-log-bin.html (SESSION_VARIABLES_ADMIN)
            assertThat(text(d.sessionBinlog(false))).containsExactly("SET SESSION sql_log_bin = OFF");
            assertThat(d.setReadOnly(true)).isEmpty();
            assertThat(d.ignoreRdsTables()).isEmpty();
            assertThat(d.ignoreRdsTablesMyCnf()).contains("DB parameter group");
            assertThat(d.binlogStatusQuery()).isEqualTo("SHOW BINARY LOG STATUS");
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW REPLICA STATUS");
            assertThat(d.waitForPosition(POS, T)).isEqualTo("SELECT SOURCE_POS_WAIT('mysql-bin.000042', 1383, 3)");
            assertThat(d.hasSuperReadOnly()).isTrue();
            assertThat(d.flavor().managed()).isTrue();
        }

        @Test
        void theManagedStatementsExistOnce() {
            // the rds_* statements come from one component: Aurora 3 and RDS for MySQL 8.4 say the same
            Dialect aurora3 = Dialects.of(Flavor.AURORA_MYSQL_3, "8.0.36");
            assertThat(text(d.setupReplication(SRC, POS))).isEqualTo(text(aurora3.setupReplication(SRC, POS)));
            assertThat(text(d.resetReplica())).isEqualTo(text(aurora3.resetReplica()));
            assertThat(text(Dialects.of(Flavor.AURORA_MYSQL_2).resetReplica()))
                    .isEqualTo(text(Dialects.of(Flavor.RDS_MARIADB).resetReplica()));
        }
    }

    @Nested
    class EventsAndFilters {
        @Test
        void eventsAreDisabledOnTheReplicaInEachFlavorsWords() {
            // https://dev.mysql.com/doc/refman/8.4/en/alter-event.html (DISABLE ON REPLICA from 8.0.22)
            assertThat(Dialects.of(Flavor.MYSQL_84).disableOnReplica()).isEqualTo("DISABLE ON REPLICA");
            assertThat(Dialects.of(Flavor.RDS_MYSQL_84).disableOnReplica()).isEqualTo("DISABLE ON REPLICA");
            assertThat(Dialects.of(Flavor.AURORA_MYSQL_3, "8.0.23").disableOnReplica()).isEqualTo("DISABLE ON REPLICA");
            assertThat(Dialects.of(Flavor.MYSQL_80, "8.0.21").disableOnReplica()).isEqualTo("DISABLE ON SLAVE");
            assertThat(Dialects.of(Flavor.AURORA_MYSQL_2).disableOnReplica()).isEqualTo("DISABLE ON SLAVE");
            // https://mariadb.com/kb/en/alter-event/
            assertThat(Dialects.of(Flavor.MARIADB).disableOnReplica()).isEqualTo("DISABLE ON SLAVE");
            assertThat(Dialect.REPLICA_SIDE_DISABLED).containsExactly("SLAVESIDE_DISABLED", "REPLICA_SIDE_DISABLED");
            // MySQL makes the altering account the definer unless one is named (SET_ANY_DEFINER)
            assertThat(Dialects.of(Flavor.RDS_MYSQL_84).alterEvent("evt", "tick", "evt_owner@%", "ENABLE").text())
                    .isEqualTo("ALTER DEFINER = 'evt_owner'@'%' EVENT `evt`.`tick` ENABLE");
            // https://mariadb.com/kb/en/alter-event/ (ALTER [DEFINER = …] EVENT)
            assertThat(Dialects.of(Flavor.MARIADB).alterEvent("evt", "tick", "evt_owner@%", "DISABLE ON SLAVE").text())
                    .isEqualTo("ALTER DEFINER = 'evt_owner'@'%' EVENT `evt`.`tick` DISABLE ON SLAVE");
            // an admin that may not name another definer: the statement leaves it out
            assertThat(Dialects.of(Flavor.RDS_MARIADB).alterEvent("evt", "tick", null, "ENABLE").text())
                    .isEqualTo("ALTER EVENT `evt`.`tick` ENABLE");
        }

        @Test
        void theFilterIsReadWhereEachFlavorKeepsIt() {
            // MySQL: no replicate_wild_ignore_table variable (1193); the global filters table instead
            // https://dev.mysql.com/doc/refman/8.4/en/performance-schema-replication-applier-global-filters-table.html
            assertThat(Dialects.of(Flavor.MYSQL_84).replicationFilterQuery()).isEqualTo("SELECT GROUP_CONCAT(FILTER_RULE)"
                    + " FROM performance_schema.replication_applier_global_filters"
                    + " WHERE FILTER_NAME = 'REPLICATE_WILD_IGNORE_TABLE'");
            assertThat(Dialects.of(Flavor.MARIADB).replicationFilterQuery())
                    .isEqualTo("SELECT @@GLOBAL.replicate_wild_ignore_table");
            // https://dev.mysql.com/doc/refman/8.4/en/change-replication-filter.html
            assertThat(text(Dialects.of(Flavor.MYSQL_84).ignoreRdsTables()))
                    .containsExactly("CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('mysql.rds%')");
        }

        @Test
        void theGtidWaitOfEachFlavor() {
            // https://dev.mysql.com/doc/refman/8.4/en/replication-functions-synchronization.html
            // WAIT_FOR_EXECUTED_GTID_SET: 0 when reached, 1 on timeout (whole seconds here, at least 1)
            assertThat(Dialects.of(Flavor.MYSQL_84).waitForGtid("u:1-9", T))
                    .isEqualTo("SELECT IF(WAIT_FOR_EXECUTED_GTID_SET('u:1-9', 3) = 0, 0, -1)");
            assertThat(Dialects.of(Flavor.RDS_MYSQL_84).waitForGtid("u:1-9", T))
                    .isEqualTo("SELECT IF(WAIT_FOR_EXECUTED_GTID_SET('u:1-9', 3) = 0, 0, -1)");
            assertThat(Dialects.of(Flavor.MARIADB).waitForGtid("0-1-6", T)).isEqualTo("SELECT MASTER_GTID_WAIT('0-1-6', 2.5)");
        }
    }

    @Nested
    class MariaDb {
        final Dialect d = Dialects.of(Flavor.MARIADB);

        @Test
        void readsState() {
            // https://mariadb.com/kb/en/show-replica-status/ (SHOW SLAVE STATUS works on every 10.x)
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW SLAVE STATUS");
            // https://mariadb.com/kb/en/show-binlog-status/
            assertThat(d.binlogStatusQuery()).isEqualTo("SHOW MASTER STATUS");
            // https://mariadb.com/kb/en/gtid/ (gtid_binlog_pos, gtid_slave_pos, gtid_current_pos, gtid_strict_mode)
            assertThat(d.gtidStateQuery()).isEqualTo("SELECT @@GLOBAL.gtid_binlog_pos AS gtid_binlog_pos,"
                    + " @@GLOBAL.gtid_slave_pos AS gtid_slave_pos, @@GLOBAL.gtid_current_pos AS gtid_current_pos,"
                    + " @@GLOBAL.gtid_strict_mode AS gtid_strict_mode");
            assertThat(d.hasSuperReadOnly()).isFalse();
        }

        @Test
        void setsUpReplication() {
            // https://mariadb.com/kb/en/change-master-to/
            assertThat(text(d.setupReplication(SRC, POS))).containsExactly("CHANGE MASTER TO MASTER_HOST='10.0.0.5',"
                    + " MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_LOG_FILE='mysql-bin.000042',"
                    + " MASTER_LOG_POS=1383, MASTER_USE_GTID=no, MASTER_SSL=0");
            // https://mariadb.com/kb/en/gtid/#setting-up-a-new-replica-server-with-global-transaction-id
            assertThat(text(d.setupReplicationWithGtid(SRC_SSL, "0-1-6"))).containsExactly(
                    "SET GLOBAL gtid_slave_pos = '0-1-6'",
                    "CHANGE MASTER TO MASTER_HOST='10.0.0.5', MASTER_PORT=3306, MASTER_USER='repl',"
                            + " MASTER_PASSWORD='s3cret', MASTER_USE_GTID=slave_pos, MASTER_SSL=1");
        }

        @Test
        void controlsReplication() {
            // https://mariadb.com/kb/en/start-replica/, stop-replica/, reset-replica/
            assertThat(text(d.startReplica())).containsExactly("START SLAVE");
            assertThat(text(d.stopReplica())).containsExactly("STOP SLAVE");
            assertThat(text(d.resetReplica())).containsExactly("STOP SLAVE", "RESET SLAVE ALL");
            // https://mariadb.com/kb/en/server-system-variables/#read_only (no super_read_only)
            assertThat(text(d.setReadOnly(true))).containsExactly("SET GLOBAL read_only = ON");
            assertThat(text(d.setReadOnly(false))).containsExactly("SET GLOBAL read_only = OFF");
            // https://mariadb.com/kb/en/kill/
            assertThat(d.kill(9, false).text()).isEqualTo("KILL CONNECTION 9");
            assertThat(d.killQuery(9, false).text()).isEqualTo("KILL QUERY 9");
            // https://mariadb.com/kb/en/set-sql_log_bin/
            assertThat(text(d.sessionBinlog(false))).containsExactly("SET SESSION sql_log_bin = OFF");
        }

        @Test
        void waitsAndFilters() {
            // https://mariadb.com/kb/en/master_pos_wait/
            assertThat(d.waitForPosition(POS, T)).isEqualTo("SELECT MASTER_POS_WAIT('mysql-bin.000042', 1383, 3)");
            // https://mariadb.com/kb/en/master_gtid_wait/ (fractional timeout, -1 on timeout)
            assertThat(d.waitForGtid("0-1-6", T)).isEqualTo("SELECT MASTER_GTID_WAIT('0-1-6', 2.5)");
            // https://mariadb.com/kb/en/replication-filters/#replicate_wild_ignore_table (replica stopped)
            assertThat(text(d.ignoreRdsTables())).containsExactly("SET GLOBAL replicate_wild_ignore_table = 'mysql.rds%'");
            assertThat(d.ignoreRdsTablesMyCnf()).isEqualTo("replicate-wild-ignore-table = mysql.rds%");
        }
    }

    @Nested
    class RdsMariaDb {
        final Dialect d = Dialects.of(Flavor.RDS_MARIADB);

        @Test
        void readsLikeMariaDbAndWritesThroughRdsProcedures() {
            assertThat(d.replicaStatusQuery()).isEqualTo("SHOW SLAVE STATUS");
            assertThat(d.gtidStateQuery()).contains("gtid_slave_pos");
            // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-stored-proc-replicating.html
            assertThat(text(d.setupReplication(SRC, POS))).containsExactly("CALL mysql.rds_set_external_master("
                    + "'10.0.0.5', 3306, 'repl', 's3cret', 'mysql-bin.000042', 1383, 0)");
            // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql_rds_set_external_master_gtid.html
            // (host_name, host_port, replication_user_name, replication_user_password, gtid, ssl_encryption)
            assertThat(text(d.setupReplicationWithGtid(SRC_SSL, "0-1-6"))).containsExactly(
                    "CALL mysql.rds_set_external_master_gtid('10.0.0.5', 3306, 'repl', 's3cret', '0-1-6', 1)");
            assertThat(text(d.startReplica())).containsExactly("CALL mysql.rds_start_replication()");
            assertThat(text(d.stopReplica())).containsExactly("CALL mysql.rds_stop_replication()");
            assertThat(text(d.resetReplica())).containsExactly("CALL mysql.rds_reset_external_master()");
            assertThat(d.kill(5, true).text()).isEqualTo("CALL mysql.rds_kill(5)");
            assertThat(d.killQuery(5, true).text()).isEqualTo("CALL mysql.rds_kill_query(5)");
            assertThat(text(d.sessionBinlog(false))).containsExactly("CALL mysql.rds_disable_session_binlog()");
            assertThat(text(d.sessionBinlog(true))).containsExactly("CALL mysql.rds_enable_session_binlog()");
            assertThat(d.setReadOnly(true)).isEmpty();
            assertThat(d.ignoreRdsTables()).isEmpty();
            assertThat(d.ignoreRdsTablesMyCnf()).contains("DB parameter group");
            assertThat(d.waitForGtid("0-1-6", Duration.ofSeconds(1))).isEqualTo("SELECT MASTER_GTID_WAIT('0-1-6', 1)");
        }
    }

    @Nested
    class EscapingAndMasking {
        final ReplicationSource tricky = new ReplicationSource("db'1", 3306, "re`pl", "it's a \\ \"pw\"", false);

        @Test
        void everyFlavorEscapesAQuoteInThePasswordAndMasksIt() {
            for (Flavor f : Flavor.values()) {
                Sql s = Dialects.of(f).setupReplication(tricky, POS).get(0);
                assertThat(s.text()).as(f.configName()).contains("'it''s a \\\\ \"pw\"'").contains("'db''1'")
                        .contains("'re`pl'");
                assertThat(s.display()).as(f.configName()).contains("'***'").doesNotContain("it''s")
                        .doesNotContain("pw");
                assertThat(s.toString()).isEqualTo(s.display());
                for (Sql g : Dialects.of(f).setupReplicationWithGtid(tricky, "0-1-'6")) {
                    assertThat(g.display()).doesNotContain("it''s");
                    assertThat(g.text()).doesNotContain("0-1-'6");
                }
            }
        }

        @Test
        void maskedDisplayOfMariaDb() {
            Sql s = Dialects.of(Flavor.MARIADB).setupReplication(tricky, POS).get(0);
            assertThat(s.display()).isEqualTo("CHANGE MASTER TO MASTER_HOST='db''1', MASTER_PORT=3306,"
                    + " MASTER_USER='re`pl', MASTER_PASSWORD='***', MASTER_LOG_FILE='mysql-bin.000042',"
                    + " MASTER_LOG_POS=1383, MASTER_USE_GTID=no, MASTER_SSL=0");
            assertThat(Dialects.of(Flavor.AURORA_MYSQL_3).setupReplication(tricky, POS).get(0).display())
                    .isEqualTo("CALL mysql.rds_set_external_source('db''1', 3306, 're`pl', '***', 'mysql-bin.000042', 1383, 0)");
        }

        @Test
        void waitValuesAreEscapedToo() {
            assertThat(Dialects.of(Flavor.MARIADB).waitForGtid("0-1-1' OR SLEEP(9) -- ", T))
                    .isEqualTo("SELECT MASTER_GTID_WAIT('0-1-1'' OR SLEEP(9) -- ', 2.5)");
            assertThat(Dialects.of(Flavor.MYSQL_84).waitForPosition(new BinlogPosition("b'\\.000001", 4), T))
                    .isEqualTo("SELECT SOURCE_POS_WAIT('b''\\\\.000001', 4, 3)");
        }
    }

    static List<Sql> concat(Dialect d) {
        List<Sql> all = new java.util.ArrayList<>();
        all.addAll(d.setupReplication(SRC, POS));
        all.addAll(d.setupReplicationWithGtid(SRC, "u:1"));
        all.addAll(d.startReplica());
        all.addAll(d.stopReplica());
        all.addAll(d.resetReplica());
        all.addAll(d.setReadOnly(true));
        all.addAll(d.ignoreRdsTables());
        all.add(Sql.of(d.replicaStatusQuery()));
        all.add(Sql.of(d.binlogStatusQuery()));
        all.add(Sql.of(d.waitForPosition(POS, T)));
        return all;
    }
}
