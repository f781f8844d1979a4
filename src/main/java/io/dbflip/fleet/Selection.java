package io.dbflip.fleet;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which clusters a fleet command works on: comma-separated terms, all of which must match (AND).
 * A term is a name or glob ({@code users-*}), or {@code label=value} where the value is one or
 * more alternatives separated by '|' (OR), each a literal, a glob, or an integer range
 * {@code 1..8} (inclusive). {@code name=…} matches the cluster's name. A bad term is a usage
 * error naming it; nothing is read from a server to parse a selection.
 */
public record Selection(String text, List<Term> terms) {

    /** One ANDed term: the label it reads ({@code null} for the cluster's name) and its alternatives. */
    public record Term(String label, List<Alternative> alternatives) {
        boolean matches(ClusterConfig c) {
            String value = label == null || label.equals("name") ? c.name() : c.labels().get(label);
            return value != null && alternatives.stream().anyMatch(a -> a.matches(value));
        }
    }

    /** A literal or glob (pattern), or an inclusive integer range. */
    public record Alternative(Pattern pattern, Long from, Long to) {
        boolean matches(String value) {
            if (pattern != null) {
                return pattern.matcher(value).matches();
            }
            try {
                long v = Long.parseLong(value.trim());
                return v >= from && v <= to;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern RANGE = Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:/*?@+-]+");

    /** Every cluster: what list and status use when no --select is given. */
    public static final Selection ALL = new Selection("*", List.of(new Term(null, List.of(glob("*")))));

    public static Selection parse(String text) {
        if (text == null || text.isBlank()) {
            throw DbflipException.usage("--select: empty selection; give terms like 'shard=1..8,tier=web' or '*'");
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String t = raw.trim();
            if (t.isEmpty()) {
                throw DbflipException.usage("--select '" + text + "': empty term (two commas, or a comma at an end)");
            }
            terms.add(term(t));
        }
        return new Selection(text, List.copyOf(terms));
    }

    private static Term term(String t) {
        int eq = t.indexOf('=');
        if (eq < 0) {
            return new Term(null, List.of(alternative(t, t)));
        }
        String label = t.substring(0, eq).trim();
        String values = t.substring(eq + 1).trim();
        if (!LABEL.matcher(label).matches()) {
            throw bad(t, "'" + label + "' is not a label name (letters, digits, _ . -; starting with a letter)");
        }
        if (values.isEmpty()) {
            throw bad(t, "no value after '='");
        }
        List<Alternative> alts = new ArrayList<>();
        for (String v : values.split("\\|", -1)) {
            alts.add(alternative(t, v.trim()));
        }
        return new Term(label, List.copyOf(alts));
    }

    private static Alternative alternative(String term, String v) {
        if (v.isEmpty()) {
            throw bad(term, "empty alternative (a '|' with nothing on one side)");
        }
        if (v.contains("..")) {
            var m = RANGE.matcher(v);
            if (!m.matches()) {
                throw bad(term, "'" + v + "' is not a range; write FROM..TO with whole numbers, e.g. 1..8");
            }
            long from;
            long to;
            try {
                from = Long.parseLong(m.group(1));
                to = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                throw bad(term, "'" + v + "': number too large");
            }
            if (from > to) {
                throw bad(term, "range " + v + " is empty (" + from + " > " + to + ")");
            }
            return new Alternative(null, from, to);
        }
        if (!VALUE.matcher(v).matches()) {
            throw bad(term, "'" + v + "' holds a character a name or label value cannot (use letters, digits, "
                    + "_ . : / @ + -, and * ? as wildcards)");
        }
        return glob(v);
    }

    private static Alternative glob(String v) {
        StringBuilder re = new StringBuilder();
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return new Alternative(Pattern.compile(re.toString()), null, null);
    }

    private static DbflipException bad(String term, String why) {
        return DbflipException.usage("--select: bad term '" + term + "': " + why);
    }

    public boolean matches(ClusterConfig c) {
        return terms.stream().allMatch(t -> t.matches(c));
    }

    /** The matching clusters in inventory order; none is a usage error that names the selection. */
    public List<ClusterConfig> select(List<ClusterConfig> clusters) {
        List<ClusterConfig> out = clusters.stream().filter(this::matches).toList();
        if (out.isEmpty()) {
            throw DbflipException.usage("--select '" + text + "' matches no cluster of " + clusters.size()
                    + " (run 'dbflip fleet list' to see names and labels)");
        }
        return out;
    }

    /** For a report: labels as {@code k=v k=v}. */
    static String labels(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        labels.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }
}
