package io.dbflip.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxServerIT {
    @TempDir
    Path dir;

    @Test
    void startsOnItsOwnAddressAndStopsByPid() throws Exception {
        try (SandboxServer s = SandboxServer.start("t", dir.resolve("t"), "127.77.250.1", 3310, 101, List.of())) {
            try (Connection c = s.rootConnection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT @@server_id, @@log_bin, @@binlog_format, @@bind_address")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(101);
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getString(3)).isEqualTo("ROW");
                assertThat(rs.getString(4)).isEqualTo("127.77.250.1");
            }
            s.stop();
            assertThat(s.alive()).isFalse();
        }
    }
}
