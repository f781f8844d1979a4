package io.dbflip.verify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkSqlTest {
    @Test
    void rangesOnACompositeKeyAreExpandedAsPtTableChecksumDoes() {
        assertThat(ChunkSql.after(List.of("a"))).isEqualTo("`a` > ?");
        assertThat(ChunkSql.upTo(List.of("a"))).isEqualTo("`a` <= ?");
        assertThat(ChunkSql.after(List.of("a", "b", "c")))
                .isEqualTo("`a` > ? OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?)");
        assertThat(ChunkSql.upTo(List.of("a", "b")))
                .isEqualTo("`a` < ? OR (`a` = ? AND `b` <= ?)");
        assertThat(ChunkSql.rangeParams(new Object[]{1, "x", 3})).containsExactly(1, 1, "x", 1, "x", 3);
    }

    @Test
    void aRowIsItsColumnsAndItsNullFlagsSoNullsCannotShift() {
        assertThat(ChunkSql.rowExpression(List.of("id", "na`me")))
                .isEqualTo("CONCAT_WS('#', `id`, `na``me`, CONCAT(ISNULL(`id`), ISNULL(`na``me`)))");
    }

    @Test
    void chunkQueriesBoundBothSidesOnlyWhereTheyHaveABoundary() {
        String first = ChunkSql.checksum("s", "t", List.of("id", "v"), List.of("id"), false, true);
        assertThat(first).isEqualTo("SELECT COUNT(*), COALESCE(BIT_XOR(CRC32(CONCAT_WS('#', `id`, `v`, "
                + "CONCAT(ISNULL(`id`), ISNULL(`v`))))), 0) FROM `s`.`t` WHERE (`id` <= ?)");
        assertThat(ChunkSql.checksum("s", "t", List.of("id"), List.of("id"), true, false)).endsWith("WHERE (`id` > ?)");
        assertThat(ChunkSql.checksum("s", "t", List.of("id"), List.of("id"), true, true))
                .endsWith("WHERE (`id` > ?) AND (`id` <= ?)");
        assertThat(ChunkSql.checksum("s", "t", List.of("id"), List.of(), false, false)).endsWith("FROM `s`.`t`");
        assertThat(ChunkSql.nextBoundary("s", "t", "PRIMARY", List.of("a", "b"), true))
                .isEqualTo("SELECT `a`, `b` FROM `s`.`t` FORCE INDEX (`PRIMARY`) WHERE `a` > ? OR (`a` = ? AND `b` > ?)"
                        + " ORDER BY `a`, `b` LIMIT 1 OFFSET ?");
    }

    @Test
    void boundariesPrintReadably() {
        assertThat(ChunkSql.display(null)).isEmpty();
        assertThat(ChunkSql.display(new Object[]{7, null, new byte[]{1, (byte) 0xff}})).isEqualTo("7,NULL,0x01ff");
    }

    @Test
    void systemSchemasAreNeverComparedAndOthersAreChosenByOption() {
        TableChecksum.Options o = TableChecksum.Options.defaults();
        assertThat(o.chunkSize()).isEqualTo(1000);
        assertThat(o.compares("mysql")).isFalse();
        assertThat(o.compares("performance_schema")).isFalse();
        assertThat(o.compares("dbflip_probe")).isTrue();
        assertThat(o.onlySchemas("app").compares("other")).isFalse();
        assertThat(new TableChecksum.Options(10, java.util.Set.of("scratch"), java.util.Set.of()).compares("scratch")).isFalse();
    }
}
