package io.dbflip.sandbox;

import io.dbflip.DbflipException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where MySQL comes from on a Debian bookworm machine: a Debian sid root made once per machine by
 * {@code bin/setup} (debootstrap with mysql-server-core), at $DBFLIP_MYSQL_ROOT or
 * {@value #DEFAULT_DIR}. Its mysqld needs sid's glibc and libstdc++, so it runs through the root's
 * own dynamic loader with the root's library path — not in a chroot, so that the sandbox's paths
 * (datadirs, sockets, certificates) mean the same to the server as to dbflip.
 */
public final class MySqlRoot {
    public static final String DEFAULT_DIR = "/var/lib/dbflip/sid";

    private MySqlRoot() {
    }

    public static Path dir() {
        String env = System.getenv("DBFLIP_MYSQL_ROOT");
        return Path.of(env == null || env.isBlank() ? DEFAULT_DIR : env);
    }

    /** A binary of the root (e.g. {@code usr/sbin/mysqld}) as a command for the host. */
    static List<String> command(String binary) {
        Path r = dir();
        Path loader = r.resolve("lib64/ld-linux-x86-64.so.2");
        Path bin = r.resolve(binary);
        if (!Files.isExecutable(loader) || !Files.isExecutable(bin)) {
            throw DbflipException.precondition("MySQL is not installed for the sandbox: " + bin + " is missing."
                    + " Run bin/setup as root (it makes the MySQL root with debootstrap, about a minute), or use"
                    + " --engine mariadb");
        }
        return List.of(loader.toString(), "--library-path",
                r.resolve("lib/x86_64-linux-gnu") + ":" + r.resolve("usr/lib/x86_64-linux-gnu"), bin.toString());
    }

    /** Where the root's mysqld finds its messages, character sets and plugins. */
    static List<String> serverOptions() {
        Path r = dir();
        return List.of("--basedir=" + r.resolve("usr"),
                "--lc-messages-dir=" + r.resolve("usr/share/mysql"),
                "--character-sets-dir=" + r.resolve("usr/share/mysql/charsets"),
                "--plugin-dir=" + r.resolve("usr/lib/mysql/plugin"));
    }
}
