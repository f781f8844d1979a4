package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.Secret;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --journal DIR|URL} and {@code --journal-password}: where the journal lives. Given, they
 * override the config's {@code journal} and {@code journal_password}; absent everywhere, the file
 * journal in ~/.dbflip.
 */
public final class JournalOptions {
    @Option(names = "--journal", paramLabel = "DIR|URL",
            description = "The journal: a directory (embedded file journal, default ~/.dbflip) or "
                    + "mysql://user@host:port/db (a team's shared journal). Overrides the config's journal.")
    String location;

    @Option(names = "--journal-password", paramLabel = "env:NAME|file:PATH",
            description = "The password of a mysql:// journal. Overrides the config's journal_password.")
    String password;

    /** Opens the journal the options name, else the configured one (either may be null). */
    public Journal open(String configuredLocation, Secret configuredPassword) {
        Secret pw = configuredPassword;
        if (password != null) {
            if (!password.startsWith("env:") && !password.startsWith("file:")) {
                throw DbflipException.usage("--journal-password: give env:NAME or file:PATH, never the password itself"
                        + " (a command line is visible to every user of the machine)");
            }
            pw = new Secret(password, "--journal-password");
        }
        return Journals.open(location != null ? location : configuredLocation, pw);
    }

    public Journal open() {
        return open(null, null);
    }

    public Journal open(DbflipConfig config) {
        return open(config == null ? null : config.journal(), config == null ? null : config.journalPassword());
    }

    /** The journal's location: the option, else the config's, else ~/.dbflip. */
    public String location(DbflipConfig config) {
        if (location != null) {
            return location;
        }
        if (config != null && config.journal() != null && !config.journal().isBlank()) {
            return config.journal();
        }
        return Path.of(System.getProperty("user.home"), ".dbflip").toString();
    }

    /** Where reports are saved: beside a file journal, else ~/.dbflip/reports. */
    public Path reportDir(DbflipConfig config) {
        String loc = location(config);
        if (loc.startsWith("mysql:")) {
            return Path.of(System.getProperty("user.home"), ".dbflip", "reports");
        }
        return Path.of(loc).resolve("reports");
    }
}
