package io.dbflip.journal;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalLocationTest {
    @Test
    void aTeamJournalUrlNamesUserHostPortAndDatabase() {
        MySqlJournal.Target t = MySqlJournal.Target.parse("mysql://ops@db.example:3307/dbflip");
        assertThat(t.user()).isEqualTo("ops");
        assertThat(t.host()).isEqualTo("db.example");
        assertThat(t.port()).isEqualTo(3307);
        assertThat(t.database()).isEqualTo("dbflip");
        assertThat(t.jdbcUrl(true)).startsWith("jdbc:mysql://db.example:3307/dbflip?");
        assertThat(MySqlJournal.Target.parse("mysql://ops@db/j?sslMode=REQUIRED").port()).isEqualTo(3306);
        assertThat(MySqlJournal.Target.parse("mysql://ops@db/j?sslMode=REQUIRED").jdbcUrl(true)).endsWith("&sslMode=REQUIRED");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutBeingRepeated() {
        assertThatThrownBy(() -> MySqlJournal.Target.parse("mysql://ops:s3cret@db:3306/j"))
                .isInstanceOfSatisfying(DbflipException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("journal_password")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MySqlJournal.Target.parse("mysql://ops@db:3306/"))
                .hasMessageContaining("must name a database");
        assertThatThrownBy(() -> MySqlJournal.Target.parse("mysql://db:3306/j")).hasMessageContaining("must name a user");
    }

    @Test
    void clusterNamesBecomeSafeFileAndLockNames() {
        assertThat(LockMessages.safeName("shard-01.web")).isEqualTo("shard-01.web");
        String odd = LockMessages.safeName("../etc/passwd");
        assertThat(odd).doesNotContain("/").startsWith(".._etc_passwd-").hasSize(".._etc_passwd-".length() + 12);
        assertThat(LockMessages.safeName("a/b")).isNotEqualTo(LockMessages.safeName("a_b"));
        assertThat(LockMessages.safeName("x".repeat(200))).hasSizeLessThanOrEqualTo(37);
    }

    @Test
    void theDefaultJournalIsInTheHomeDirectory() {
        assertThat(FileJournal.defaultDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".dbflip"));
        assertThat(Journals.expandHome("~/j")).isEqualTo(Path.of(System.getProperty("user.home"), "j"));
        assertThat(Journals.expandHome("/var/dbflip")).isEqualTo(Path.of("/var/dbflip"));
    }
}
