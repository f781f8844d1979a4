package io.dbflip.journal;

import io.dbflip.config.Secret;

import java.nio.file.Path;

/** Opens the journal a location names: {@code mysql://user@host:port/db}, or a directory (default ~/.dbflip). */
public final class Journals {
    private Journals() {
    }

    /**
     * @param location null or blank for the default directory; {@code ~} at its start means the home directory
     * @param password the {@code journal_password} secret, only read for a mysql:// journal (may be null)
     */
    public static Journal open(String location, Secret password) {
        if (location == null || location.isBlank()) {
            return new FileJournal(FileJournal.defaultDir());
        }
        String l = location.strip();
        if (l.startsWith("mysql://")) {
            return new MySqlJournal(l, password);
        }
        return new FileJournal(expandHome(l));
    }

    static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
