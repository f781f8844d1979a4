package io.dbflip.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares two dumps after normalising what does not change meaning: DEFINER quoting,
 * whitespace, AUTO_INCREMENT counters, the order of GRANT lines and of privileges within one.
 * Accounts in the skip list are left out on both sides.
 */
public final class ObjectDiff {

    /** One object that differs, with a one-line reason. */
    public record Difference(String key, ObjectDef from, ObjectDef to, String reason) {
    }

    public record Result(List<ObjectDef> onlyFrom, List<ObjectDef> onlyTo, List<Difference> differing) {
        public boolean equal() {
            return onlyFrom.isEmpty() && onlyTo.isEmpty() && differing.isEmpty();
        }

        /** Exit code of {@code objects diff}: 0 equal, 1 not. */
        public int exitCode() {
            return equal() ? 0 : 1;
        }

        public List<String> lines() {
            List<String> out = new ArrayList<>();
            onlyFrom.forEach(d -> out.add("only on from: " + d.key()));
            onlyTo.forEach(d -> out.add("only on to:   " + d.key()));
            differing.forEach(d -> out.add("differs:      " + d.key() + " (" + d.reason() + ")"));
            return out;
        }
    }

    private final SkipList skip;

    public ObjectDiff(SkipList skip) {
        this.skip = skip;
    }

    public Result compare(List<ObjectDef> from, List<ObjectDef> to) {
        Map<String, ObjectDef> a = index(from);
        Map<String, ObjectDef> b = index(to);
        List<ObjectDef> onlyFrom = new ArrayList<>();
        List<Difference> differing = new ArrayList<>();
        for (ObjectDef d : a.values()) {
            ObjectDef other = b.get(d.key());
            if (other == null) {
                onlyFrom.add(d);
            } else {
                String why = difference(d, other);
                if (why != null) {
                    differing.add(new Difference(d.key(), d, other, why));
                }
            }
        }
        List<ObjectDef> onlyTo = b.values().stream().filter(d -> !a.containsKey(d.key())).toList();
        return new Result(onlyFrom, onlyTo, differing);
    }

    /** Null when equal, else what differs first. */
    static String difference(ObjectDef x, ObjectDef y) {
        if (!SqlText.normalise(x.create()).equals(SqlText.normalise(y.create()))) {
            return x.kind().account() ? "account definition" : "definition";
        }
        if (!grantSet(x).equals(grantSet(y))) {
            Set<String> gx = grantSet(x);
            Set<String> gy = grantSet(y);
            return "grants: " + gx.stream().filter(g -> !gy.contains(g)).count() + " missing, "
                    + gy.stream().filter(g -> !gx.contains(g)).count() + " extra";
        }
        Map<String, String> mx = new TreeMap<>(x.metadata());
        Map<String, String> my = new TreeMap<>(y.metadata());
        mx.remove("action_order");
        my.remove("action_order");
        if (!mx.equals(my)) {
            return "settings: " + mx.keySet().stream().filter(k -> !mx.get(k).equals(my.get(k))).collect(Collectors.joining(", "));
        }
        return null;
    }

    static Set<String> grantSet(ObjectDef d) {
        return d.grants().stream().map(g -> {
            Grant p = Grant.parse(g);
            return p == null ? g : p.text();
        }).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private Map<String, ObjectDef> index(List<ObjectDef> defs) {
        return defs.stream().filter(d -> !skip.skips(d))
                .collect(Collectors.toMap(ObjectDef::key, Function.identity(), (p, q) -> p, TreeMap::new));
    }
}
