package io.dbflip.cli;

import io.dbflip.DbflipException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "250ms", "5s", "2m", "1h" on the command line. */
final class Durations {
    private static final Pattern P = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    static Duration parse(String text, String option) {
        Matcher m = P.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw DbflipException.usage(option + ": '" + text + "' is not a duration (e.g. 250ms, 30s, 5m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
