package io.dbflip.serve;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4), for tests: every line is a HELP, a TYPE
 * or a sample of a declared family; every histogram's +Inf bucket equals its count and its
 * buckets never decrease. The Java client has no parser of its own, so this one fails loudly.
 */
final class MetricsText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\",?)*})? "
            + "(NaN|[+-]Inf|[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(?: -?[0-9]+)?");

    private MetricsText() {
    }

    /** Every sample as {@code name{labels}} → value; throws on any line that is not the format. */
    static Map<String, Double> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        if (!text.endsWith("\n")) {
            throw new AssertionError("the exposition must end with a newline");
        }
        for (String line : text.split("\n")) {
            Matcher m;
            if (line.isEmpty()) {
                continue;
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("two TYPE lines for " + m.group(1));
                }
            } else if (HELP.matcher(line).matches()) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String family = family(m.group(1), types);
                if (family == null) {
                    throw new AssertionError("sample of an undeclared family: " + line);
                }
                String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                if (!seen.add(key)) {
                    throw new AssertionError("duplicate sample: " + line);
                }
                samples.put(key, Double.parseDouble(m.group(3).replace("Inf", "Infinity")));
            } else {
                throw new AssertionError("not the Prometheus text format: " + line);
            }
        }
        checkHistograms(types, samples);
        return samples;
    }

    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[]{"_bucket", "_count", "_sum", "_total", "_created"}) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    private static void checkHistograms(Map<String, String> types, Map<String, Double> samples) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            samples.forEach((k, count) -> {
                if (!k.startsWith(family + "_count")) {
                    return;
                }
                String labels = k.substring((family + "_count").length());
                String inner = labels.isEmpty() ? "" : labels.substring(1, labels.length() - 1);
                String inf = family + "_bucket{" + (inner.isEmpty() ? "" : inner + ",") + "le=\"+Inf\"}";
                if (!count.equals(samples.get(inf))) {
                    throw new AssertionError(inf + " is " + samples.get(inf) + ", the count " + count);
                }
                double last = -1;
                for (Map.Entry<String, Double> e : samples.entrySet()) {
                    if (e.getKey().startsWith(family + "_bucket{" + (inner.isEmpty() ? "" : inner + ",") + "le=")) {
                        if (e.getValue() < last) {
                            throw new AssertionError("buckets decrease at " + e.getKey());
                        }
                        last = e.getValue();
                    }
                }
            });
        });
    }
}
