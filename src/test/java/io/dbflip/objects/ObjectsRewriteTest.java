package io.dbflip.objects;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectsRewriteTest {
    static final TargetAccess AURORA_LIKE = TargetAccess.fromGrants("adm@%", List.of(
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, PROCESS, EXECUTE, CREATE USER ON *.* TO `adm`@`%`"
                    + " IDENTIFIED BY PASSWORD '*AAAA' WITH GRANT OPTION"), Set.of("mysql_native_password"), true);

    @Test
    void grantLinesAreCanonical() {
        Grant g = Grant.parse("GRANT UPDATE (`b`, `a`), SELECT ON `shop`.`t` TO `app`@`%` IDENTIFIED BY PASSWORD '*AB' WITH MAX_QUERIES_PER_HOUR 3 GRANT OPTION");
        assertThat(g.text()).isEqualTo("GRANT SELECT, UPDATE (`a`, `b`) ON `shop`.`t` TO `app`@`%` WITH GRANT OPTION");
        assertThat(g.revoke()).containsExactly("REVOKE SELECT, UPDATE (`a`, `b`) ON `shop`.`t` FROM `app`@`%`",
                "REVOKE GRANT OPTION ON `shop`.`t` FROM `app`@`%`");
        assertThat(Grant.parse("GRANT `r1` TO `app`@`%` WITH ADMIN OPTION").revoke()).containsExactly("REVOKE `r1` FROM `app`@`%`");
        assertThat(Grant.parse("SET DEFAULT ROLE `r1` FOR `app`@`%`").revoke()).containsExactly("SET DEFAULT ROLE NONE FOR `app`@`%`");
        assertThat(Grant.parse("GRANT USAGE ON *.* TO `x`@`%`").empty()).isTrue();
    }

    @Test
    void allPrivilegesBecomeTheGrantableListAndDropsAreReported() {
        ObjectDef boss = new ObjectDef(ObjectKind.USER, "", "boss@%", "", "CREATE USER `boss`@`%`",
                List.of("GRANT ALL PRIVILEGES ON *.* TO `boss`@`%` WITH GRANT OPTION", "GRANT SUPER, SELECT ON *.* TO `boss`@`%`"), Map.of());
        TargetRewriter.Result r = new TargetRewriter(AURORA_LIKE, DefinerPolicy.REWRITE, null, true).rewrite(List.of(boss));
        assertThat(r.objects().get(0).grants().get(0)).isEqualTo("GRANT CREATE, CREATE USER, DELETE, DROP, EXECUTE, INSERT,"
                + " PROCESS, SELECT, UPDATE ON *.* TO `boss`@`%` WITH GRANT OPTION");
        assertThat(r.objects().get(0).grants().get(1)).isEqualTo("GRANT SELECT ON *.* TO `boss`@`%`");
        assertThat(String.join("\n", r.rewrites())).contains("SUPER").contains("FILE").contains("SHUTDOWN").contains("SET USER");
        assertThat(r.rewrittenKeys()).containsExactly("user:boss@%");
    }

    @Test
    void definersFollowThePolicy() {
        ObjectDef proc = new ObjectDef(ObjectKind.PROCEDURE, "shop", "p", "app@%",
                "CREATE DEFINER=`app`@`%` PROCEDURE `p`() SELECT 1", List.of(), Map.of());
        ObjectDef mine = new ObjectDef(ObjectKind.PROCEDURE, "shop", "q", "adm@%",
                "CREATE DEFINER='adm'@'%' PROCEDURE `q`() SELECT 1", List.of(), Map.of());
        TargetRewriter.Result keep = new TargetRewriter(AURORA_LIKE, DefinerPolicy.KEEP, null, true).rewrite(List.of(proc, mine));
        assertThat(keep.objects()).containsExactly(mine);
        assertThat(keep.leftOut()).singleElement().asString().contains("procedure:shop.p");
        TargetRewriter.Result rw = new TargetRewriter(AURORA_LIKE, DefinerPolicy.REWRITE, null, true).rewrite(List.of(proc));
        assertThat(rw.objects().get(0).create()).isEqualTo("CREATE DEFINER=`adm`@`%` PROCEDURE `p`() SELECT 1");
    }

    @Test
    void diffIgnoresDefinerQuotingWhitespaceAndGrantOrder() {
        ObjectDef a = new ObjectDef(ObjectKind.VIEW, "s", "v", "x@%", "CREATE DEFINER='x'@'%'  VIEW v AS\n select 1", List.of(), Map.of());
        ObjectDef b = new ObjectDef(ObjectKind.VIEW, "s", "v", "x@%", "CREATE DEFINER=`x`@`%` VIEW v AS select 1", List.of(), Map.of());
        assertThat(new ObjectDiff(SkipList.builtIn()).compare(List.of(a), List.of(b)).equal()).isTrue();
        assertThat(SqlText.maskHashes("CREATE USER `a`@`%` IDENTIFIED BY PASSWORD '*ABC'")).doesNotContain("ABC");
    }
}
