package io.dbflip.flip;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The write grants the app must keep on B, read from SHOW GRANTS lines of both engines. */
class AppAccessTest {
    @Test
    void writeGrantsByObjectFromMySqlAndMariaDbLines() {
        Map<String, Set<String>> g = AppAccess.writeGrants(List.of(
                "GRANT USAGE ON *.* TO `app`@`%`",
                "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE, SHOW VIEW ON `shop`.* TO `app`@`%`",
                "GRANT ALL PRIVILEGES ON `dbflip_probe`.* TO `app`@`%`",
                "GRANT SELECT (a), UPDATE (a, `b`) ON `users`.`t` TO `app`@`%`",
                "GRANT EXECUTE ON PROCEDURE `shop`.`place_order` TO `app`@`%`",
                "GRANT `app_role`@`%` TO `app`@`%`",
                "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*ABC'"));
        assertThat(g.get("shop.*")).containsExactlyInAnyOrder("INSERT", "UPDATE", "DELETE");
        assertThat(g.get("dbflip_probe.*")).containsAll(AppAccess.WRITE);
        assertThat(g.get("users.t(a,b)")).containsExactly("UPDATE");
        assertThat(g).doesNotContainKey("*.*");
    }

    @Test
    void aPrivilegeIsCoveredByTheSameOnTheObjectItsSchemaOrEverything() {
        Map<String, Set<String>> held = AppAccess.writeGrants(List.of(
                "GRANT INSERT ON `shop`.* TO `app`@`%`", "GRANT DELETE ON *.* TO `app`@`%`",
                "GRANT UPDATE ON `users`.`t` TO `app`@`%`"));
        assertThat(AppAccess.covered(held, "shop.orders", "INSERT")).isTrue();
        assertThat(AppAccess.covered(held, "audit.*", "DELETE")).isTrue();
        assertThat(AppAccess.covered(held, "users.t(a)", "UPDATE")).isTrue();
        assertThat(AppAccess.covered(held, "shop.*", "UPDATE")).isFalse();
        assertThat(AppAccess.covered(held, "users.u", "UPDATE")).isFalse();
    }

    @Test
    void mysqlGtidSetsExpandToTransactions() {
        assertThat(MySqlGtids.expand("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3:5,\n"
                + "4447e490-eed7-11f1-9a4c-02fc00000001:7")).containsExactly(
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1", "3e11fa47-71ca-11e1-9e33-c80aa9429562:2",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:3", "3e11fa47-71ca-11e1-9e33-c80aa9429562:5",
                "4447e490-eed7-11f1-9a4c-02fc00000001:7");
        // a tagged GTID (MySQL 8.3+): uuid:tag:n
        assertThat(MySqlGtids.expand("3e11fa47-71ca-11e1-9e33-c80aa9429562:dbflip:1-2")).containsExactly(
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:dbflip:1", "3e11fa47-71ca-11e1-9e33-c80aa9429562:dbflip:2");
    }
}
