package io.dbflip.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks and conversions of plain values by field type; each check says what is wrong, or null when fine. */
public final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern INTEGER = Pattern.compile("\\d{1,10}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]+");

    private Values() {
    }

    static String check(FieldType type, String text) {
        if (text.isBlank()) {
            return "is empty";
        }
        return switch (type) {
            case PORT -> integerIn(text, 1, 65535) ? null : "is not a port";
            case COUNT -> integerIn(text, 0, Integer.MAX_VALUE) ? null : "is not a whole number";
            case DURATION -> durationProblem(text);
            case BOOL -> bool(text) != null ? null : "is not true or false";
            case NAME -> NAME.matcher(text).matches() ? null : "is not a valid name";
            case HOST_PORT -> hostPortProblem(text);
            default -> null;
        };
    }

    static boolean integerIn(String text, long min, long max) {
        String t = text.strip();
        if (!INTEGER.matcher(t).matches()) {
            return false;
        }
        long v = Long.parseLong(t);
        return v >= min && v <= max;
    }

    private static String durationProblem(String text) {
        String t = text.strip();
        if (DURATION.matcher(t).matches()) {
            return null;
        }
        if (INTEGER.matcher(t).matches()) {
            return "has no unit";
        }
        return "is not a duration";
    }

    /**
     * A plain value that {@link #check} accepted, as the Java type its field is read as: Integer for PORT and
     * COUNT, Duration, Boolean, and the text itself for the other plain types.
     */
    static Object convert(FieldType type, String text) {
        return switch (type) {
            case PORT, COUNT -> Integer.valueOf(text.strip());
            case DURATION -> duration(text);
            case BOOL -> bool(text);
            default -> text;
        };
    }

    /**
     * A duration as the config writes one (250ms, 5s, 2m, 1h), or null when the text is not one: the command
     * line's duration options read the same way.
     */
    public static Duration durationOrNull(String text) {
        return text == null || durationProblem(text) != null ? null : duration(text);
    }

    /** Parses a duration that {@link #check} accepted. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checked duration");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** YAML 1.1's booleans; null when the text is none of them. */
    static Boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String hostPortProblem(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        boolean bracketed = t.startsWith("[");
        String host = t;
        if (colon > 0 && (bracketed ? t.indexOf(']') < colon : t.indexOf(':') == colon)) {
            host = t.substring(0, colon);
            if (!integerIn(t.substring(colon + 1), 1, 65535)) {
                return "has no valid port after ':'";
            }
        }
        return HOST.matcher(host).matches() ? null : "is not a host or host:port";
    }

    /** A dotted-quad IPv4 address, as an A record's value must be. */
    static boolean ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!integerIn(p, 0, 255) || p.length() > 3) {
                return false;
            }
        }
        return true;
    }
}
