package io.dbflip.backup;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatesLinesTest {
    @Test
    void keepsOnlyTheCoordinatesLinesOfAMariabackupLog() {
        List<String> log = List.of(
                "[00] 2026-11-26 01:24:11 Streaming ./mysql/gtid_slave_pos.ibd",
                "[01] 2026-11-26 01:24:17 Streaming ./mysql/gtid_slave_pos.frm to <STDOUT>",
                "[00] 2026-11-26 01:24:17 MySQL binlog position: filename 'bin.000001', position '12244294', GTID of the last change '0-201-16'",
                "[00] 2026-11-26 01:24:17 MySQL slave binlog position: master '' filename 'bin.000001' position '12244294'",
                "[00] 2026-11-26 01:24:18 completed OK!");
        assertThat(CoordinatesLines.filter(log)).containsExactly(log.get(2), log.get(3));
    }

    @Test
    void keepsTheSeedsInnobackupexLine() {
        String seed = "innobackupex: MySQL slave binlog position: master host '1.2.3.4', filename 'mysql-bin.004270', position 275567830";
        assertThat(CoordinatesLines.filter(List.of("innobackupex: Backup created", seed, "innobackupex: completed OK!")))
                .containsExactly(seed);
    }

    @Test
    void keepsAWrappedGtidSetWithItsLine() {
        List<String> log = List.of(
                "2023-06-21T10:29:45.897948+08:00 0 [Note] [MY-011825] [Xtrabackup] MySQL binlog position: filename 'b.000003', position '197', GTID of the last change '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,",
                "5c3b8c4e-71ca-11e1-9e33-c80aa9429562:1-9'",
                "2023-06-21T10:29:45.900000+08:00 0 [Note] [MY-011825] [Xtrabackup] Writing /data/backup/backup-my.cnf");
        assertThat(CoordinatesLines.filter(log)).containsExactly(log.get(0), log.get(1));
    }
}
