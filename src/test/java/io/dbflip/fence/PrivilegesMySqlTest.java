package io.dbflip.fence;

import io.dbflip.mysql.Grants;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** MySQL's SHOW GRANTS (issue 12): every privilege by name, dynamic ones on their own line without spaces. */
class PrivilegesMySqlTest {
    static final List<String> ROOT = List.of(
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, ALTER,"
                    + " SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION"
                    + " CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, CREATE"
                    + " TABLESPACE, CREATE ROLE, DROP ROLE ON *.* TO `root`@`%` WITH GRANT OPTION",
            "GRANT APPLICATION_PASSWORD_ADMIN,BACKUP_ADMIN,CONNECTION_ADMIN,SET_ANY_DEFINER,SYSTEM_VARIABLES_ADMIN"
                    + " ON *.* TO `root`@`%` WITH GRANT OPTION");
    static final List<String> AURORA3 = List.of(
            "GRANT SELECT, INSERT, CREATE USER, PROCESS ON *.* TO `adm`@`%` WITH GRANT OPTION",
            "GRANT CONNECTION_ADMIN,ROLE_ADMIN ON *.* TO `adm`@`%` WITH GRANT OPTION");

    @Test
    void privilegesAreReadFromTheListsNotFromAllPrivileges() {
        assertThat(Privileges.hasGlobal(ROOT, "SUPER")).isTrue();
        assertThat(Privileges.hasGlobal(ROOT, "SYSTEM_VARIABLES_ADMIN")).isTrue();
        assertThat(Privileges.hasGlobal(AURORA3, "CREATE USER")).isTrue();
        assertThat(Privileges.hasGlobal(AURORA3, "CONNECTION_ADMIN")).isTrue();
        assertThat(Privileges.hasGlobal(AURORA3, "SUPER")).isFalse();
        Grants root = new Grants("root@%", ROOT);
        assertThat(root.canSetReadOnly()).isTrue();
        assertThat(root.canKillOthers()).isTrue();
        Grants adm = new Grants("adm@%", AURORA3);
        assertThat(adm.canSetReadOnly()).isFalse();
        assertThat(adm.bypassesReadOnly()).as("CONNECTION_ADMIN writes through read_only").isTrue();
        assertThat(adm.canSetSessionBinlog()).isFalse();
    }
}
