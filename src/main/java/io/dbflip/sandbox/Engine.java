package io.dbflip.sandbox;

import io.dbflip.DbflipException;
import io.dbflip.mysql.Flavor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server software a sandbox runs. MySQL (the default, the mission's engine) runs from a Debian
 * sid root ({@link MySqlRoot}) because bookworm has no MySQL server; MariaDB runs from the host's
 * packages. Everything that differs between the two when starting and shaping a sandbox server is
 * here; what differs in SQL is the mysql package's dialects.
 */
public enum Engine {
    MYSQL("mysql"),
    MARIADB("mariadb");

    private final String configName;

    Engine(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The engine named on the command line or in a sandbox's state; exit 2 naming the value otherwise. */
    public static Engine parse(String name) {
        for (Engine e : values()) {
            if (e.configName.equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw DbflipException.usage("--engine: unknown engine '" + name + "' (expected mysql or mariadb)");
    }

    /**
     * The default: MySQL, unless the system property {@code dbflip.engine} (the test suite runs its
     * integration tests once per engine with it) or $DBFLIP_ENGINE says otherwise.
     */
    public static Engine defaultEngine() {
        String v = System.getProperty("dbflip.engine");
        if (v == null || v.isBlank()) {
            v = System.getenv("DBFLIP_ENGINE");
        }
        return v == null || v.isBlank() ? MYSQL : parse(v);
    }

    /** The flavor the sandbox's plain servers have (onprem-a, onprem-r). */
    public Flavor flavor() {
        return this == MYSQL ? Flavor.MYSQL_84 : Flavor.MARIADB;
    }

    /** The flavor of the sandbox's Aurora-like server: a managed server of this engine. */
    public Flavor managedFlavor() {
        return this == MYSQL ? Flavor.RDS_MYSQL_84 : Flavor.RDS_MARIADB;
    }

    /** The server binary as a command (MySQL: through the sid root's loader, see {@link MySqlRoot}). */
    List<String> serverCommand() {
        return this == MYSQL ? MySqlRoot.command("usr/sbin/mysqld") : List.of(SandboxServer.binary("mariadbd"));
    }

    /** Options a MySQL server of the sid root needs to find its files; none for MariaDB. */
    List<String> installOptions() {
        return this == MYSQL ? MySqlRoot.serverOptions() : List.of();
    }

    /** What differs from engine to engine among the options every sandbox server gets. */
    List<String> engineOptions() {
        List<String> o = new ArrayList<>();
        if (this == MYSQL) {
            o.addAll(List.of(
                    "--log-replica-updates=ON",
                    "--skip-replica-start",
                    "--gtid-mode=ON",
                    "--enforce-gtid-consistency=ON",
                    "--innodb-redo-log-capacity=8M",
                    // each MySQL 9.7 server with native AIO holds ~2,150 of the host's fs.aio-max-nr (65,536
                    // by default): 30 servers exhaust it and the next fails io_setup() with EAGAIN, while a
                    // 16-cluster sandbox has 48 (bench/fleet 16); InnoDB's own I/O threads need none
                    "--innodb-use-native-aio=OFF",
                    "--mysqlx=OFF",
                    // LOAD DATA/SELECT INTO OUTFILE are not used; an empty value stops mysqld looking for its default dir
                    "--secure-file-priv=",
                    "--character-set-server=utf8mb4"));
        } else {
            o.addAll(List.of(
                    "--log-slave-updates=ON",
                    "--skip-slave-start",
                    "--innodb-log-file-size=8M",
                    "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_general_ci"));
        }
        return o;
    }

    /** The name of the dir holding a datadir template of this engine's installed version. */
    String templateKey(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Ver (\\S+)").matcher(version);
        String v = m.find() ? m.group(1) : Integer.toHexString(version.hashCode());
        return "dbflip-tpl-" + configName + "-" + v.replaceAll("[^A-Za-z0-9.+-]", "_");
    }

    Path root() {
        return this == MYSQL ? MySqlRoot.dir() : Path.of("/");
    }
}
