package io.dbflip.coordinates;

import java.util.Random;

/**
 * Damages valid inputs the ways real ones get damaged — cut short, quotes lost, garbage pasted in, numbers too
 * big, odd Unicode — for the property test and bench/fuzz-coordinates.
 */
final class Mutator {
    private static final String[] GARBAGE = {"'", "''", "\"", ",", ";", "\t", "\n", "\r\n", " ", ".", ":", "-", "=",
            "[]", "99999999999999999999999", "-1", "İ", "ß", "\u0130\u0131", "\uD83D\uDE00", "\uD800", "\u202E",
            "\u0000", "\\", "MySQL slave binlog position:", "MySQL binlog position:", "master host '", "filename '",
            "position '", "purge list '", "channel name: '", "master '", "gtid_slave_pos ", "master_use_gtid = ",
            "GTID of the last change '", "CHANGE MASTER TO ", "SET GLOBAL gtid_purged='", "FOR CHANNEL '",
            "MASTER_AUTO_POSITION=1", "binlog_pos = ", "\tbin.000001\t4", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"};

    private Mutator() {
    }

    static String mutate(String s, Random r) {
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds; k++) {
            s = once(s, r);
        }
        return s;
    }

    private static String once(String s, Random r) {
        int at = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
        return switch (r.nextInt(9)) {
            case 0 -> s.substring(0, at); // truncated
            case 1 -> s.substring(at); // lost its beginning
            case 2 -> removeQuote(s, r);
            case 3 -> s.substring(0, at) + GARBAGE[r.nextInt(GARBAGE.length)] + s.substring(at);
            case 4 -> s.substring(0, at) + randomText(r, 1 + r.nextInt(8)) + s.substring(at);
            case 5 -> s.replaceFirst("[0-9]+", r.nextBoolean() ? "98765432109876543210987" : "0");
            case 6 -> {
                int end = at + r.nextInt(Math.max(1, s.length() - at + 1));
                yield s.substring(0, at) + s.substring(Math.min(end, s.length())); // a chunk deleted
            }
            case 7 -> s.substring(0, at) + s.substring(at, Math.min(s.length(), at + 40)) + s.substring(at); // doubled
            default -> s.toUpperCase();
        };
    }

    private static String removeQuote(String s, Random r) {
        if (r.nextInt(4) == 0) {
            return s.replace("'", "");
        }
        int q = s.indexOf('\'', s.isEmpty() ? 0 : r.nextInt(s.length()));
        return q < 0 ? s : s.substring(0, q) + s.substring(q + 1);
    }

    /** Any code units: letters, digits, punctuation, controls, surrogates (paired or not). */
    static String randomText(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0 -> b.append((char) (32 + r.nextInt(95)));
                case 1 -> b.append(GARBAGE[r.nextInt(GARBAGE.length)]);
                case 2 -> b.append((char) r.nextInt(0x10000));
                default -> b.append("'\t\n ,;:0123456789".charAt(r.nextInt(17)));
            }
        }
        return b.toString();
    }
}
