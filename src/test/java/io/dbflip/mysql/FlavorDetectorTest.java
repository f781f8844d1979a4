package io.dbflip.mysql;

import io.dbflip.DbflipException;
import io.dbflip.ErrorCode;
import org.junit.jupiter.api.Test;

import static io.dbflip.mysql.FlavorDetector.decide;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlavorDetectorTest {
    static FlavorDetector.Facts facts(String version, String comment, String aurora, String basedir, boolean procs) {
        return new FlavorDetector.Facts(version, comment, aurora, basedir, procs);
    }

    @Test
    void communityMySql() {
        assertThat(decide(facts("5.7.44-log", "MySQL Community Server (GPL)", null, "/usr/", false))).isEqualTo(Flavor.MYSQL_57);
        assertThat(decide(facts("8.0.36", "MySQL Community Server - GPL", null, "/usr/", false))).isEqualTo(Flavor.MYSQL_80);
        assertThat(decide(facts("8.4.3", "MySQL Community Server - GPL", null, "/usr/", false))).isEqualTo(Flavor.MYSQL_84);
        assertThat(decide(facts("9.1.0", "MySQL Community Server - GPL", null, "/usr/", false))).isEqualTo(Flavor.MYSQL_84);
        assertThat(decide(facts("8.0.36-28", "Percona Server (GPL), Release 28", null, "/usr/", false)))
                .isEqualTo(Flavor.MYSQL_80);
    }

    @Test
    void aurora() {
        // Aurora 2.11: @@version 5.7.12, @@aurora_version 2.11.2, binaries under /rdsdbbin
        assertThat(decide(facts("5.7.12", "MySQL Community Server (GPL)", "2.11.2", "/rdsdbbin/oscar/", true)))
                .isEqualTo(Flavor.AURORA_MYSQL_2);
        assertThat(decide(facts("8.0.mysql_aurora.3.05.2", "Source distribution", null, "/rdsdbbin/oscar/", true)))
                .isEqualTo(Flavor.AURORA_MYSQL_3);
        assertThat(decide(facts("8.0.32", "Source distribution", "3.05.2", "/rdsdbbin/oscar/", true)))
                .isEqualTo(Flavor.AURORA_MYSQL_3);
    }

    @Test
    void mariaDb() {
        assertThat(decide(facts("10.11.19-MariaDB-0+deb12u1", "Debian 12", null, "/usr", false)))
                .isEqualTo(Flavor.MARIADB);
        // RDS for MariaDB: its basedir, or the rds procedures (the sandbox's Aurora-like server has only those)
        assertThat(decide(facts("10.11.8-MariaDB-log", "managed by https://aws.amazon.com/rds/", null,
                "/rdsdbbin/mariadb-10.11.8.R1/", true))).isEqualTo(Flavor.RDS_MARIADB);
        assertThat(decide(facts("10.11.19-MariaDB-0+deb12u1", "Debian 12", null, "/usr", true)))
                .isEqualTo(Flavor.RDS_MARIADB);
        assertThat(decide(facts("5.5.5-10.11.19-MariaDB", "mariadb.org binary distribution", null, "/usr", false)))
                .isEqualTo(Flavor.MARIADB);
    }

    @Test
    void unknownsAreRefusedWithAnInstruction() {
        assertThatThrownBy(() -> decide(facts("5.6.51", "MySQL Community Server (GPL)", null, "/usr", false)))
                .isInstanceOf(DbflipException.class).hasMessageContaining("5.6.51").hasMessageContaining("not supported")
                .satisfies(e -> assertThat(((DbflipException) e).code()).isEqualTo(ErrorCode.PRECONDITION));
        assertThatThrownBy(() -> decide(facts("8.0.35", "Source distribution", null, "/rdsdbbin/mysql-8.0.35/", true)))
                .hasMessageContaining("RDS for MySQL").hasMessageContaining("flavor explicitly");
    }

    @Test
    void versions() {
        assertThat(ServerVersion.parse("8.0.36-log")).isEqualTo(new ServerVersion(8, 0, 36));
        assertThat(ServerVersion.parse("8.0.mysql_aurora.3.05.2")).isEqualTo(new ServerVersion(8, 0, -1));
        assertThat(ServerVersion.parse("10.11.19-MariaDB-0+deb12u1").patch()).isEqualTo(19);
        assertThat(ServerVersion.parse(null)).isEqualTo(ServerVersion.UNKNOWN);
        assertThat(ServerVersion.parse("garbage")).isEqualTo(ServerVersion.UNKNOWN);
    }
}
