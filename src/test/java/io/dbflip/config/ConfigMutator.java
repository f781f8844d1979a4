package io.dbflip.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes broken configs for the property test and the fuzzer: mutations of the example (lines
 * deleted, duplicated, swapped, re-indented; values swapped for other types; garbage and YAML
 * indicators spliced in; anchors and aliases) and random YAML-ish text. Some mutations plant
 * {@link #SECRET} as a literal password so that callers can check it never leaks into a message.
 */
public final class ConfigMutator {
    public static final String SECRET = "Hunter2Zq9SecretXy";
    private static final String[] VALUES = {"", "~", "null", "0", "-1", "65536", "3306", "33o6", "5", "5s", "250ms", "1h",
            "2 m", "true", "no", "[]", "{}", "[a, b]", "{a: 1}", "\"\"", "'x'", "*a", "&a x", "!!int x", "!!binary AAAA",
            "!!set {a}", "|\n  x", ">-\n  y", "env:", "file:", "env:X", "file:/nonexistent", "onprem", "aurora", "A", "CNAME", "rfc2136", "route53",
            "read-only", "security-group", "per-user", "verify-ca", "9999999999999999999999", "0x10", "1e9", "1_000",
            "<<: *a", "? a\n: b", "%YAML 1.1", "---", "...", "@x", "`x", "\t", "\u0000", "\uFEFF", "é", "\uD83D\uDE00"};
    /** Put only where a secret belongs (password:, secret:): elsewhere the value is no secret and may be shown. */
    private static final String[] SECRET_VALUES = {SECRET, "*" + SECRET, "!" + SECRET + "! x", "\"" + SECRET, "&" + SECRET,
            "[" + SECRET + "]", "{a: " + SECRET + "}", "'" + SECRET, "|\n  " + SECRET, "!!binary " + SECRET, "%" + SECRET,
            "@" + SECRET, "`" + SECRET, "\"" + SECRET + "\\q\"", SECRET + " #c", "? " + SECRET};
    private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@` \t\n";

    private final Random random;
    private final List<String> example;

    public ConfigMutator(Random random, String exampleText) {
        this.random = random;
        this.example = Arrays.asList(exampleText.split("\n", -1));
    }

    /** One input: mostly mutations of the example, sometimes random YAML-ish text. */
    public String next() {
        return random.nextInt(10) == 0 ? yamlish(1 + random.nextInt(30)) : mutate(1 + random.nextInt(4));
    }

    public String mutate(int mutations) {
        List<String> lines = new ArrayList<>(example);
        for (int i = 0; i < mutations && !lines.isEmpty(); i++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(10)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int other = random.nextInt(lines.size());
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                case 3 -> lines.set(at, reindent(line));
                case 4, 5 -> lines.set(at, swapValue(line));
                case 6 -> plantSecret(lines);
                case 7 -> lines.set(at, splice(line, garbage(1 + random.nextInt(6))));
                case 8 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                default -> lines.add(at, line.replaceAll("\\S.*", "") + randomKey() + ": " + pick(VALUES));
            }
        }
        return String.join("\n", lines);
    }

    /** A literal secret, in one of many malformed or valid forms, in a password or TSIG secret's place. */
    private void plantSecret(List<String> lines) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(".*(password|secret): [^,}\\s]+.*")) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        int at = candidates.get(random.nextInt(candidates.size()));
        String planted = lines.get(at).replaceFirst("(password|secret): [^,}\\s]+",
                "$1: " + java.util.regex.Matcher.quoteReplacement(pick(SECRET_VALUES)));
        lines.set(at, planted);
    }

    private String swapValue(String line) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
            return line + " " + pick(VALUES);
        }
        return line.substring(0, colon + 2) + pick(VALUES);
    }

    private String reindent(String line) {
        String body = line.stripLeading();
        return " ".repeat(random.nextInt(12)) + body;
    }

    private String splice(String line, String garbage) {
        int at = random.nextInt(line.length() + 1);
        return line.substring(0, at) + garbage + line.substring(at);
    }

    private String garbage(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(4);
            if (kind == 0) {
                sb.append((char) random.nextInt(0x80));
            } else if (kind == 1) {
                sb.append((char) random.nextInt(0x10000));
            } else {
                sb.append(INDICATORS.charAt(random.nextInt(INDICATORS.length())));
            }
        }
        return sb.toString();
    }

    private String randomKey() {
        String[] keys = {"name", "role", "host", "port", "password", "sides", "clusters", "dns", "values", "limits", "max_lag",
                "ttl", "provider", "type", "labels", "hooks", "pre_flip", "tls", "mode", "fence", "kill", "journal", "<<",
                "hsot", "dns_providers", "defaults", "import_profiles", "app_users", "security_group", "x"};
        return pick(keys);
    }

    /** Random lines of keys, values, list items and flow collections at random indents. */
    public String yamlish(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(" ".repeat(2 * random.nextInt(5)));
            switch (random.nextInt(6)) {
                case 0 -> sb.append("- ").append(pick(VALUES));
                case 1 -> sb.append(randomKey()).append(":");
                case 2 -> sb.append("- ").append(randomKey()).append(": ").append(pick(VALUES));
                case 3 -> sb.append(garbage(1 + random.nextInt(20)));
                default -> sb.append(randomKey()).append(": ").append(pick(VALUES));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
