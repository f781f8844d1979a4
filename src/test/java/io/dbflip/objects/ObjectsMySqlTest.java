package io.dbflip.objects;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, item 8: MySQL's privilege lists, its SHOW GRANTS and SHOW CREATE forms, and the fence rule. */
class ObjectsMySqlTest {
    /** MySQL 9.7's SHOW GRANTS of an account holding everything: every privilege by name, never ALL PRIVILEGES. */
    static final List<String> MYSQL_ROOT = List.of(
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, ALTER,"
                    + " SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION"
                    + " CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, CREATE"
                    + " TABLESPACE, CREATE ROLE, DROP ROLE ON *.* TO `root`@`%` WITH GRANT OPTION",
            "GRANT APPLICATION_PASSWORD_ADMIN,BACKUP_ADMIN,CONNECTION_ADMIN,SET_ANY_DEFINER,SYSTEM_VARIABLES_ADMIN"
                    + " ON *.* TO `root`@`%` WITH GRANT OPTION");
    /** An Aurora MySQL 3-like master user: no SUPER, SET_ANY_DEFINER withheld here to test the DEFINER rewrite. */
    static final List<String> AURORA3 = List.of(
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, SHOW DATABASES,"
                    + " CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW,"
                    + " SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, CREATE ROLE, DROP ROLE"
                    + " ON *.* TO `adm`@`%` WITH GRANT OPTION",
            "GRANT APPLICATION_PASSWORD_ADMIN,CONNECTION_ADMIN,ROLE_ADMIN,XA_RECOVER_ADMIN ON *.* TO `adm`@`%` WITH GRANT OPTION");

    @Test
    void anAdminHoldingSuperByNameHasIt() {
        TargetAccess root = TargetAccess.fromGrants("root@%", MYSQL_ROOT, Set.of(), false);
        assertThat(root.hasSuper()).isTrue();
        assertThat(root.canSetDefiner()).isTrue();
        assertThat(root.mayGrant("BACKUP_ADMIN")).isTrue();
        TargetAccess adm = TargetAccess.fromGrants("adm@%", AURORA3, Set.of(), false);
        assertThat(adm.hasSuper()).isFalse();
        assertThat(adm.canSetDefiner()).isFalse();
    }

    @Test
    void aDefinerHoldingSystemUserNeedsAnAdminHoldingItToo() {
        List<String> grants = List.of(AURORA3.get(0), "GRANT SET_ANY_DEFINER ON *.* TO `adm`@`%` WITH GRANT OPTION");
        TargetAccess adm = TargetAccess.fromGrants("adm@%", grants, Set.of(), false).withSystemUsers(Set.of("dbflip_root@%"));
        assertThat(adm.maySetDefiner("app@%")).isTrue();
        assertThat(adm.maySetDefiner("dbflip_root@%")).as("MySQL refuses it with 1227").isFalse();
        assertThat(TargetAccess.fromGrants("root@%", MYSQL_ROOT, Set.of(), false).withSystemUsers(Set.of("dbflip_root@%"))
                .maySetDefiner("dbflip_root@%")).isFalse(); // MYSQL_ROOT here lists no SYSTEM_USER
    }

    @Test
    void noMariaDbPrivilegeNamesOnMySql() {
        TargetAccess adm = TargetAccess.fromGrants("adm@%", AURORA3, Set.of(), false);
        assertThat(adm.allAt("`shop`.*")).hasSize(18).doesNotContain("DELETE HISTORY");
        assertThat(adm.allAt("`shop`.`t`")).doesNotContain("DELETE HISTORY");
        // the admin may grant all 18: ALL PRIVILEGES on a schema stays ALL PRIVILEGES, as MySQL prints it back
        ObjectDef lim = new ObjectDef(ObjectKind.USER, "", "lim@%", "", "CREATE USER `lim`@`%`",
                List.of("GRANT ALL PRIVILEGES ON `shop`.* TO `lim`@`%`"), Map.of());
        TargetRewriter.Result r = new TargetRewriter(adm, DefinerPolicy.REWRITE, null, true).rewrite(List.of(lim));
        assertThat(r.objects().get(0).grants()).containsExactly("GRANT ALL PRIVILEGES ON `shop`.* TO `lim`@`%`");
        assertThat(r.rewrites()).isEmpty();
        TargetAccess maria = TargetAccess.fromGrants("adm@%", List.of(AURORA3.get(0)), Set.of(), true);
        assertThat(maria.allAt("`shop`.*")).contains("DELETE HISTORY");
    }

    @Test
    void staticAndDynamicLinesOfOneLevelReadAsOne() {
        List<Grant> merged = Grant.merge(List.of(
                Grant.parse("GRANT SELECT, PROCESS ON *.* TO `u`@`%` WITH GRANT OPTION"),
                Grant.parse("GRANT BACKUP_ADMIN,CONNECTION_ADMIN ON *.* TO `u`@`%` WITH GRANT OPTION"),
                Grant.parse("GRANT XA_RECOVER_ADMIN ON *.* TO `u`@`%`"),
                Grant.parse("GRANT SELECT ON `shop`.* TO `u`@`%`")));
        assertThat(merged.stream().map(Grant::text)).containsExactly(
                "GRANT BACKUP_ADMIN, CONNECTION_ADMIN, PROCESS, SELECT ON *.* TO `u`@`%` WITH GRANT OPTION",
                "GRANT XA_RECOVER_ADMIN ON *.* TO `u`@`%`",
                "GRANT SELECT ON `shop`.* TO `u`@`%`");
        // with and without GRANT OPTION are two targets: neither replaces the other
        assertThat(ObjectApplier.grantStatements(merged.stream().map(Grant::text).toList(),
                merged.stream().map(Grant::text).toList())).isEmpty();
    }

    @Test
    void mySqlRoleGrantsParse() {
        Grant g = Grant.parse("GRANT `r_read`@`%`,`r_write`@`%` TO `app`@`%`");
        assertThat(g.type()).isEqualTo(Grant.Type.ROLE);
        assertThat(g.revoke()).containsExactly("REVOKE `r_read`@`%`,`r_write`@`%` FROM `app`@`%`");
    }

    @Test
    void eventsCompareEqualWhicheverWordTheServerPrints() {
        assertThat(SqlText.normalise("CREATE EVENT `e` ON SCHEDULE EVERY 1 HOUR ON COMPLETION NOT PRESERVE DISABLE ON REPLICA DO SELECT 1"))
                .isEqualTo(SqlText.normalise("CREATE EVENT `e` ON SCHEDULE EVERY 1 HOUR ON COMPLETION NOT PRESERVE DISABLE ON SLAVE DO SELECT 1"));
    }

    @Test
    void hexHashesAreMasked() {
        String create = "CREATE USER `a`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x244124303035244A6B REQUIRE NONE";
        assertThat(SqlText.maskHashes(create)).isEqualTo(
                "CREATE USER `a`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '<hash>' REQUIRE NONE");
    }

    static final String MYSQL_APP = "CREATE USER `app`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0xAB REQUIRE NONE"
            + " PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK PASSWORD HISTORY DEFAULT";

    @Test
    void aLockOnTheTargetIsNeverLifted() {
        ObjectDef want = user("app@%", MYSQL_APP);
        ObjectDef have = user("app@%", MYSQL_APP.replace("ACCOUNT UNLOCK", "ACCOUNT LOCK").replace("0xAB", "0xCD"));
        List<String> notes = new ArrayList<>();
        List<ObjectDef> adjusted = AccountLocks.NONE.adjust(List.of(want), Map.of(want.key(), have), false, notes);
        assertThat(adjusted.get(0).create()).contains("ACCOUNT LOCK").doesNotContain("UNLOCK");
        assertThat(notes).singleElement().asString().contains("left locked");
        // MariaDB prints no clause for an unlocked account: the lock is added
        ObjectDef maria = user("app@%", "CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB'");
        assertThat(AccountLocks.NONE.adjust(List.of(maria), Map.of(maria.key(),
                user("app@%", "CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*CD' ACCOUNT LOCK")), true, notes)
                .get(0).create()).endsWith(" ACCOUNT LOCK");
    }

    @Test
    void appUsersOfAFencedSideAreCreatedLockedAndASourceFenceIsNotCopied() {
        AccountLocks fenced = new AccountLocks(Set.of("app"), true);
        ObjectDef app = user("app@%", MYSQL_APP);
        ObjectDef other = user("rep@%", MYSQL_APP.replace("`app`", "`rep`"));
        List<ObjectDef> out = fenced.adjust(List.of(app, other), Map.of(), false, new ArrayList<>());
        assertThat(out.get(0).create()).contains("ACCOUNT LOCK");
        assertThat(out.get(1)).isEqualTo(other);
        // the source's app account locked by its own fence; the target (the master) has it unlocked: stays unlocked
        ObjectDef lockedAtSource = user("app@%", MYSQL_APP.replace("ACCOUNT UNLOCK", "ACCOUNT LOCK"));
        List<ObjectDef> kept = new AccountLocks(Set.of("app"), false).adjust(List.of(lockedAtSource),
                Map.of(app.key(), app), false, new ArrayList<>());
        assertThat(kept.get(0).create()).contains("ACCOUNT UNLOCK");
    }

    @Test
    void alterUserNeverSaysUnlock() {
        assertThat(AccountLocks.withoutUnlock(" IDENTIFIED WITH 'x' AS 0xAB REQUIRE NONE ACCOUNT UNLOCK PASSWORD HISTORY DEFAULT"))
                .isEqualTo(" IDENTIFIED WITH 'x' AS 0xAB REQUIRE NONE PASSWORD HISTORY DEFAULT");
    }

    private static ObjectDef user(String name, String create) {
        return new ObjectDef(ObjectKind.USER, "", name, "", create, List.of(), Map.of());
    }
}
