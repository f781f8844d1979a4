package io.dbflip.objects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many accounts in one statement: {@code CREATE USER a …, b …} and {@code GRANT … TO a, b}. Each statement on the
 * accounts' tables costs the server a rebuild of its in-memory privileges (and a round trip): at 10,000 accounts
 * that is the apply's time. Only statements that mean the same for every account are joined — CREATE USERs with
 * the same options after the authentication, GRANTs of the same privileges on the same object with the same
 * option. Order is kept where it matters: the REVOKEs first, then the joined GRANTs, then SET DEFAULT ROLE.
 */
final class Batches {
    static final int SIZE = 200;
    private static final String ACCOUNT = "`(?:[^`]|``)*`(?:@`(?:[^`]|``)*`)?";
    /** CREATE USER, the account, its authentication (up to its last literal), the options every account shares. */
    private static final Pattern CREATE = Pattern.compile("(?s)^CREATE USER (" + ACCOUNT + ")((?: IDENTIFIED .*?(?:'(?:[^'\\\\]|\\\\.|'')*'|0x[0-9A-Fa-f]+))?)"
            + "((?: (?:DEFAULT ROLE|REQUIRE|WITH|PASSWORD|ACCOUNT|FAILED_LOGIN_ATTEMPTS|PASSWORD_LOCK_TIME|COMMENT|ATTRIBUTE)\\b.*)?)$");
    private static final Pattern GRANT = Pattern.compile("(?s)^(GRANT .+? TO )(" + ACCOUNT + ")((?: WITH (?:GRANT|ADMIN) OPTION)?)$");

    private Batches() {
    }

    /**
     * In each run of consecutive CREATE USERs, those with the same options joined (SIZE accounts at most; accounts
     * sorted by name interleave their options, and the order of new accounts does not matter); anything else kept
     * where it is.
     */
    static List<String> createUsers(List<String> statements) {
        List<String> out = new ArrayList<>();
        Map<String, List<String>> run = new LinkedHashMap<>();
        for (String sql : statements) {
            Matcher m = CREATE.matcher(sql);
            if (m.matches()) {
                run.computeIfAbsent(m.group(3), k -> new ArrayList<>()).add(m.group(1) + m.group(2));
                continue;
            }
            flushCreates(out, run);
            out.add(sql);
        }
        flushCreates(out, run);
        return out;
    }

    private static void flushCreates(List<String> out, Map<String, List<String>> run) {
        run.forEach((options, specs) -> {
            for (int i = 0; i < specs.size(); i += SIZE) {
                out.add("CREATE USER " + String.join(", ", specs.subList(i, Math.min(specs.size(), i + SIZE))) + options);
            }
        });
        run.clear();
    }

    /** Every REVOKE (in order), then the GRANTs joined by what they grant, then the rest (SET DEFAULT ROLE). */
    static List<String> grants(List<String> statements) {
        List<String> revokes = new ArrayList<>();
        Map<String, List<String>> grants = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String sql : statements) {
            Matcher m = GRANT.matcher(sql);
            if (sql.startsWith("REVOKE ")) {
                revokes.add(sql);
            } else if (m.matches()) {
                grants.computeIfAbsent(m.group(1) + "\u0000" + m.group(3), k -> new ArrayList<>()).add(m.group(2));
            } else {
                rest.add(sql);
            }
        }
        List<String> out = new ArrayList<>(revokes);
        grants.forEach((k, grantees) -> {
            String head = k.substring(0, k.indexOf('\u0000'));
            String tail = k.substring(k.indexOf('\u0000') + 1);
            for (int i = 0; i < grantees.size(); i += SIZE) {
                out.add(head + String.join(", ", grantees.subList(i, Math.min(grantees.size(), i + SIZE))) + tail);
            }
        });
        out.addAll(rest);
        return out;
    }
}
