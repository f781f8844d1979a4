package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.config.Values;

import java.time.Duration;

/** "250ms", "5s", "2m", "1h" on the command line, read as the config reads its durations. */
final class Durations {
    private Durations() {
    }

    static Duration parse(String text, String option) {
        Duration d = Values.durationOrNull(text);
        if (d == null) {
            throw DbflipException.usage(option + ": '" + text + "' is not a duration (e.g. 250ms, 30s, 5m, 1h)");
        }
        return d;
    }
}
