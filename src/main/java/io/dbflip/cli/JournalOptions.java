package io.dbflip.cli;

import io.dbflip.config.DbflipConfig;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --journal DIR|mysql://…}: where the journal is, overriding the config's {@code journal}. */
public final class JournalOptions {
    @Option(names = "--journal", paramLabel = "DIR|URL",
            description = "Journal location: a directory (embedded file journal) or mysql://user@host:port/db. "
                    + "Default: the config's journal, else ~/.dbflip.")
    String journal;

    public String location(DbflipConfig config) {
        if (journal != null) {
            return journal;
        }
        if (config != null && config.journal() != null && !config.journal().isBlank()) {
            return config.journal();
        }
        return Path.of(System.getProperty("user.home"), ".dbflip").toString();
    }

    public Journal open(DbflipConfig config) {
        return Journals.open(location(config), config == null ? null : config.journalPassword());
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
