package io.dbflip.mysql;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Column names from the vendors' SHOW REPLICA STATUS / SHOW SLAVE STATUS reference pages. */
class ReplicaStatusParserTest {
    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void mySql8ReplicaWords() {
        // https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html
        ReplicationStatus s = ReplicaStatusParser.parse(row("Replica_IO_State", "Waiting for source to send event",
                "Source_Host", "10.0.0.5", "Source_User", "repl", "Source_Port", 3306L,
                "Source_Log_File", "bin.000003", "Read_Source_Log_Pos", 900L,
                "Relay_Source_Log_File", "bin.000003", "Exec_Source_Log_Pos", 850L,
                "Replica_IO_Running", "Yes", "Replica_SQL_Running", "Yes",
                "Replicate_Wild_Ignore_Table", "mysql.rds%", "Last_Errno", 0, "Last_Error", "",
                "Seconds_Behind_Source", 2L, "Last_IO_Errno", 0, "Last_IO_Error", "", "Last_SQL_Errno", 0,
                "Last_SQL_Error", "", "Retrieved_Gtid_Set", "u:1-10", "Executed_Gtid_Set", "u:1-9\n",
                "Auto_Position", 1));
        assertThat(s).isEqualTo(new ReplicationStatus("10.0.0.5", 3306, "repl", true, true,
                "Waiting for source to send event", 2L, 0, null, new BinlogPosition("bin.000003", 850),
                new BinlogPosition("bin.000003", 900), "1", "u:1-10", "u:1-9", "mysql.rds%", ""));
        assertThat(s.healthy()).isTrue();
    }

    @Test
    void mariaDbSlaveWordsWithABrokenApplier() {
        // https://mariadb.com/kb/en/show-replica-status/
        ReplicationStatus s = ReplicaStatusParser.parse(row("Slave_IO_State", "", "Master_Host", "127.71.0.1",
                "Master_User", "repl", "Master_Port", 3310, "Master_Log_File", "bin.000001", "Read_Master_Log_Pos", 2000,
                "Relay_Master_Log_File", "bin.000001", "Exec_Master_Log_Pos", 1500, "Slave_IO_Running", "Yes",
                "Slave_SQL_Running", "No", "Last_Errno", 1146, "Last_Error", "Table 'mysql.rds_heartbeat2' doesn't exist",
                "Seconds_Behind_Master", null, "Last_IO_Errno", 0, "Last_IO_Error", "", "Last_SQL_Errno", 1146,
                "Last_SQL_Error", "Error executing row event: 'Table 'mysql.rds_heartbeat2' doesn't exist'",
                "Replicate_Wild_Ignore_Table", "", "Using_Gtid", "No", "Gtid_IO_Pos", "", "Gtid_Slave_Pos", "0-1-6"));
        assertThat(s.sourceHost()).isEqualTo("127.71.0.1");
        assertThat(s.ioRunning()).isTrue();
        assertThat(s.sqlRunning()).isFalse();
        assertThat(s.secondsBehind()).isNull();
        assertThat(s.lastErrno()).isEqualTo(1146);
        assertThat(s.lastError()).contains("rds_heartbeat2");
        assertThat(s.executed()).isEqualTo(new BinlogPosition("bin.000001", 1500));
        assertThat(s.gtidMode()).isEqualTo("No");
        assertThat(s.retrievedGtids()).isNull();
        assertThat(s.executedGtids()).isEqualTo("0-1-6");
        assertThat(s.wildIgnoreTable()).isNull();
        assertThat(s.healthy()).isFalse();
        assertThat(s.errors()).as("the flip's words for what stopped it")
                .isEqualTo("SQL error 1146: Error executing row event: 'Table 'mysql.rds_heartbeat2' doesn't exist'");
        assertThat(ReplicaStatusParser.parse(null)).isNull();
    }

    @Test
    void grantsTellWhatTheAccountMayDo() {
        Grants maria = new Grants("dbflip_root@%", List.of("GRANT ALL PRIVILEGES ON *.* TO `dbflip_root`@`%`"
                + " IDENTIFIED BY PASSWORD '*ABC' WITH GRANT OPTION"));
        assertThat(maria.bypassesReadOnly()).isTrue();
        assertThat(maria.canKillOthers()).isTrue();
        Grants auroraLike = new Grants("admin@%", List.of("GRANT SELECT, INSERT, UPDATE, PROCESS, RELOAD,"
                + " REPLICATION CLIENT, BINLOG MONITOR ON *.* TO `admin`@`%`", "GRANT EXECUTE ON `mysql`.* TO `admin`@`%`"));
        assertThat(auroraLike.has("process")).isTrue();
        assertThat(auroraLike.has("EXECUTE")).isFalse();
        assertThat(auroraLike.canSetReadOnly()).isFalse();
        assertThat(auroraLike.canKillOthers()).isFalse();
        assertThat(auroraLike.bypassesReadOnly()).isFalse();
        Grants app = new Grants("app@%", List.of("GRANT READ_ONLY ADMIN, SELECT (a, b) ON *.* TO `app`@`%`"));
        assertThat(app.global()).containsExactly("READ_ONLY_ADMIN", "SELECT_(A,_B)");
        assertThat(app.bypassesReadOnly()).isTrue();
        Grants mysql8 = new Grants("app@%", List.of("GRANT USAGE ON *.* TO `app`@`%`",
                "GRANT CONNECTION_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `app`@`%`"));
        assertThat(mysql8.bypassesReadOnly()).isTrue();
        assertThat(mysql8.canSetReadOnly()).isTrue();
    }
}
