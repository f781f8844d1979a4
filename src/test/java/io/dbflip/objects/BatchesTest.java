package io.dbflip.objects;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: many accounts per statement, only where the statement means the same for each. */
class BatchesTest {
    @Test
    void createUsersWithTheSameOptionsAreJoined() {
        List<String> in = List.of(
                "CREATE ROLE `r`",
                "CREATE USER `a`@`%` IDENTIFIED BY PASSWORD '*AA'",
                "CREATE USER `b`@`10.%` IDENTIFIED VIA ed25519 USING 'x''y' OR mysql_native_password USING '*BB'",
                "CREATE USER `c`@`%` IDENTIFIED BY PASSWORD '*CC' WITH MAX_QUERIES_PER_HOUR 100 ACCOUNT LOCK",
                "CREATE USER `d`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x2441 REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK",
                "CREATE USER `e`@`%` IDENTIFIED WITH 'sha256_password' AS 0x2442 REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK",
                "CREATE USER `f`@`%` IDENTIFIED BY PASSWORD '*FF'",
                "USE `shop`");
        assertThat(Batches.createUsers(in)).containsExactly(
                "CREATE ROLE `r`",
                "CREATE USER `a`@`%` IDENTIFIED BY PASSWORD '*AA', `b`@`10.%` IDENTIFIED VIA ed25519 USING 'x''y' OR mysql_native_password USING '*BB',"
                        + " `f`@`%` IDENTIFIED BY PASSWORD '*FF'",
                "CREATE USER `c`@`%` IDENTIFIED BY PASSWORD '*CC' WITH MAX_QUERIES_PER_HOUR 100 ACCOUNT LOCK",
                "CREATE USER `d`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x2441, `e`@`%` IDENTIFIED WITH 'sha256_password' AS 0x2442"
                        + " REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK",
                "USE `shop`");
    }

    @Test
    void atMostSizeAccountsPerStatement() {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < Batches.SIZE * 2 + 1; i++) {
            in.add("CREATE USER `u" + i + "`@`%` IDENTIFIED BY PASSWORD '*AA'");
        }
        assertThat(Batches.createUsers(in)).hasSize(3);
    }

    @Test
    void grantsJoinedByWhatTheyGrantRevokesFirstDefaultRolesLast() {
        List<String> in = List.of(
                "REVOKE SELECT ON `shop`.* FROM `a`@`%`",
                "GRANT SELECT ON `shop`.* TO `a`@`%`",
                "SET DEFAULT ROLE `r` FOR `a`@`%`",
                "GRANT `r` TO `b`@`%`",
                "GRANT SELECT ON `shop`.* TO `b`@`%`",
                "GRANT SELECT ON `shop`.* TO `c`@`%` WITH GRANT OPTION",
                "REVOKE GRANT OPTION ON *.* FROM `b`@`%`",
                "GRANT `r` TO `c`@`%`");
        assertThat(Batches.grants(in)).containsExactly(
                "REVOKE SELECT ON `shop`.* FROM `a`@`%`",
                "REVOKE GRANT OPTION ON *.* FROM `b`@`%`",
                "GRANT SELECT ON `shop`.* TO `a`@`%`, `b`@`%`",
                "GRANT `r` TO `b`@`%`, `c`@`%`",
                "GRANT SELECT ON `shop`.* TO `c`@`%` WITH GRANT OPTION",
                "SET DEFAULT ROLE `r` FOR `a`@`%`");
    }

    @Test
    void statementsGoOutInRoundTripsOfAtMostBatchStatementsWithEachCallAlone() {
        List<String> in = new ArrayList<>();
        in.add("CALL mysql.rds_disable_session_binlog()");
        for (int i = 0; i < ObjectApplier.BATCH + 5; i++) {
            in.add("CREATE FUNCTION `shop`.`f" + i + "`() RETURNS INT RETURN " + i);
        }
        in.add("call mysql.rds_enable_session_binlog()");
        in.add("USE `shop`");
        List<List<String>> out = ObjectApplier.batches(in, false);
        assertThat(out).extracting(List::size).containsExactly(1, ObjectApplier.BATCH, 5, 1, 1);
        assertThat(out.stream().flatMap(List::stream).toList()).isEqualTo(in);
        // a statement too large for the bytes a batch may hold goes out alone
        String big = "CREATE PROCEDURE `shop`.`p`() BEGIN SELECT '" + "x".repeat(300_000) + "'; END";
        assertThat(ObjectApplier.batches(List.of("USE `shop`", big, "USE `a`"), false)).extracting(List::size).containsExactly(1, 1, 1);
        assertThat(ObjectApplier.batches(List.of(), false)).isEmpty();
        // MySQL: a CREATE of a program ends its batch (it would keep the ';' before the next statement in its body)
        assertThat(ObjectApplier.batches(List.of("CREATE USER `u`@`%`", "USE `shop`", "CREATE DEFINER=`a`@`%` TRIGGER `t` BEFORE"
                + " INSERT ON `t` FOR EACH ROW SET NEW.a = 1", "CREATE ROLE `r`", "GRANT SELECT ON `shop`.* TO `u`@`%`"), true))
                .extracting(List::size).containsExactly(3, 2);
    }
}
