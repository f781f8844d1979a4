package io.dbflip.mysql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuoteTest {
    @Test
    void stringLiterals() {
        assertThat(Quote.string("plain")).isEqualTo("'plain'");
        assertThat(Quote.string("it's")).isEqualTo("'it''s'");
        assertThat(Quote.string("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(Quote.string("l1\nl2\r\0\032")).isEqualTo("'l1\\nl2\\r\\0\\Z'");
        assertThat(Quote.string(null)).isEqualTo("NULL");
    }

    @Test
    void identifiersAndVariables() {
        assertThat(Quote.identifier("my`db")).isEqualTo("`my``db`");
        assertThat(Quote.variable("gtid_slave_pos")).isEqualTo("gtid_slave_pos");
        assertThatThrownBy(() -> Quote.variable("x; DROP TABLE t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quote.identifier("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scrubRemovesTheSecretFromAServerMessage() {
        Sql s = Sql.withSecret("CHANGE MASTER TO MASTER_PASSWORD={secret}, MASTER_LOG_POS=x", "p'w\\d");
        assertThat(s.text()).isEqualTo("CHANGE MASTER TO MASTER_PASSWORD='p''w\\\\d', MASTER_LOG_POS=x");
        String serverMessage = "You have an error in your SQL syntax; near 'p''w\\\\d', MASTER_LOG_POS=x' at line 1";
        assertThat(s.scrub(serverMessage)).doesNotContain("p''w").doesNotContain("w\\\\d").contains("***");
        assertThat(s.scrub("echoed raw: p'w\\d")).isEqualTo("echoed raw: ***");
        assertThat(Sql.of("SELECT 1").scrub("boom")).isEqualTo("boom");
        assertThat(Sql.withSecret("X {secret}", "").scrub("X ''")).isEqualTo("X ''");
    }
}
