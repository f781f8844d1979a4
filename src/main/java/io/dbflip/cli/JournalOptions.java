package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.Secret;
import io.dbflip.journal.FileJournal;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --journal DIR|mysql://…} and {@code --journal-password}: where the journal is. Given,
 * they override the config's {@code journal} and {@code journal_password}; absent everywhere, the
 * file journal in ~/.dbflip.
 */
public final class JournalOptions {
    @Option(names = "--journal", paramLabel = "DIR|URL",
            description = "Journal location: a directory (embedded file journal) or mysql://user@host:port/db. "
                    + "Default: the config's journal, else ~/.dbflip.")
    String journal;

    @Option(names = "--journal-password", paramLabel = "env:NAME|file:PATH",
            description = "Password of a mysql:// journal. Default: the config's journal_password.")
    String password;

    public String location(DbflipConfig config) {
        if (journal != null) {
            return journal;
        }
        if (config != null && config.journal() != null && !config.journal().isBlank()) {
            return config.journal();
        }
        return FileJournal.defaultDir().toString();
    }

    public Secret password(DbflipConfig config) {
        if (password != null) {
            if (!password.startsWith("env:") && !password.startsWith("file:")) {
                throw DbflipException.usage("--journal-password: give env:NAME or file:PATH, never the password itself"
                        + " (a command line is visible to every user of the machine)");
            }
            return new Secret(password, "--journal-password");
        }
        return config == null ? null : config.journalPassword();
    }

    /** Opens the journal the options name, else the config's (config may be null: no config needed). */
    public Journal open(DbflipConfig config) {
        return Journals.open(location(config), password(config));
    }

    /** Where reports are saved: beside a file journal, else ~/.dbflip/reports. */
    public Path reportDir(DbflipConfig config) {
        String loc = location(config);
        if (loc.startsWith("mysql:")) {
            return FileJournal.defaultDir().resolve("reports");
        }
        return Path.of(loc).resolve("reports");
    }
}
