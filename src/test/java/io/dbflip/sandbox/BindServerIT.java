package io.dbflip.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindServerIT {
    @TempDir
    Path dir;

    @Test
    void answersSoaAcceptsSignedUpdatesAndStopsByPid() throws Exception {
        BindServer s = BindServer.start(dir.resolve("bind"), "127.72.1.1", 5300, List.of("a.test", "b.test."), "dbflip-key",
                Set.of("b.test"), List.of("db.a.test. 5 IN A 127.72.1.10", "db.b.test. 5 IN A 127.72.1.10"));
        try {
            assertThat(s.alive()).isTrue();
            assertThat(s.lookup("a.test", "SOA")).singleElement().asString().startsWith("ns.a.test.");
            assertThat(s.lookup("ns.b.test", "A")).containsExactly("127.72.1.1");
            assertThat(s.lookup("db.a.test", "A")).containsExactly("127.72.1.10");
            assertThat(Files.getPosixFilePermissions(s.tsigKeyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(s.tsigKeyFile())).contains("dbflip-key", "hmac-sha256", s.tsigSecret());

            s.set("db.a.test.", "A", 5, "127.72.1.20");
            assertThat(s.lookup("db.a.test", "A")).containsExactly("127.72.1.20");
            assertThatThrownBy(() -> s.set("db.b.test.", "A", 5, "127.72.1.20")).hasMessageContaining("REFUSED");
            assertThat(s.lookup("db.b.test", "A")).containsExactly("127.72.1.10");

            BindServer again = BindServer.attach(dir.resolve("bind"));
            assertThat(again).isNotNull();
            assertThat(again.pid()).isEqualTo(s.pid());
            assertThat(again.port()).isEqualTo(5300);
            assertThat(again.zones()).containsExactly("a.test.", "b.test.");
            assertThat(again.tsigSecret()).isEqualTo(s.tsigSecret());
        } finally {
            s.stop();
        }
        assertThat(s.alive()).isFalse();
        assertThat(ProcessHandle.of(s.pid())).isEmpty();
        assertThat(BindServer.attach(dir.resolve("bind"))).isNull();
    }

    @Test
    void restartReusesTheKey() {
        BindServer first = BindServer.start(dir.resolve("k"), "127.72.1.2", 5300, List.of("c.test"), "k1");
        String secret = first.tsigSecret();
        first.stop();
        BindServer second = BindServer.start(dir.resolve("k"), "127.72.1.2", 5300, List.of("c.test"), "k1");
        try {
            assertThat(second.tsigSecret()).isEqualTo(secret);
            second.set("x.c.test", "CNAME", 5, "y.c.test.");
            assertThat(second.lookup("x.c.test", "CNAME")).containsExactly("y.c.test.");
        } finally {
            second.kill();
        }
        assertThat(second.alive()).isFalse();
    }
}
