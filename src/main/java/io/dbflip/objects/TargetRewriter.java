package io.dbflip.objects;

import io.dbflip.DbflipException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a source's objects into what the target's admin can create: privileges it cannot
 * grant are dropped (ALL PRIVILEGES becomes the list it can grant), DEFINERs it cannot set follow
 * the {@link DefinerPolicy}, accounts with an authentication plugin the target lacks are left
 * out, and events are created DISABLE ON SLAVE while the target is a replica (an event firing on
 * a replica would write transactions the source lacks). Every change is reported.
 */
public final class TargetRewriter {
    private static final Pattern EVENT_ENABLE = Pattern.compile("(?i)\\bENABLE(?=\\s+(?:COMMENT\\s+'(?:[^']|'')*'\\s+)?DO\\s)");
    private static final Pattern PLUGIN = Pattern.compile("(?i)IDENTIFIED VIA (\\w+)|IDENTIFIED WITH '?(\\w+)'?");

    /** The objects to create, what was changed (object key → reason), and what was left out. */
    public record Result(List<ObjectDef> objects, List<String> rewrites, Set<String> rewrittenKeys, List<String> leftOut) {
    }

    private final TargetAccess access;
    private final DefinerPolicy policy;
    private final String definer;
    private final boolean targetIsReplica;

    /**
     * @param definer the definer for {@link DefinerPolicy#REWRITE}, {@code user@host}; null for the admin itself
     */
    public TargetRewriter(TargetAccess access, DefinerPolicy policy, String definer, boolean targetIsReplica) {
        this.access = access;
        this.policy = policy;
        this.definer = definer == null ? access.account() : definer;
        this.targetIsReplica = targetIsReplica;
        if (policy == DefinerPolicy.REWRITE && !access.maySetDefiner(this.definer)) {
            throw DbflipException.usage("--definer " + this.definer + ": the target's admin " + access.account()
                    + " may not set that DEFINER either (it lacks SUPER / SET USER); use its own account or omit --definer");
        }
    }

    public Result rewrite(List<ObjectDef> source) {
        List<ObjectDef> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>();
        List<String> leftOut = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ObjectDef d : source) {
            ObjectDef r = d;
            if (d.kind() == ObjectKind.USER) {
                String plugin = plugin(d.create());
                if (plugin != null && !access.authPlugins().contains(plugin)) {
                    leftOut.add(d.key() + ": authentication plugin " + plugin + " is not loaded on the target (INSTALL SONAME it first)");
                    continue;
                }
            }
            if (d.kind().account()) {
                r = rewriteGrants(d, notes);
            } else if (!d.definer().isEmpty() && !access.maySetDefiner(d.definer())) {
                switch (policy) {
                    case KEEP -> {
                        leftOut.add(d.key() + ": DEFINER " + d.definer() + " needs SUPER or SET USER, which " + access.account()
                                + " lacks (use --definer-policy rewrite)");
                        continue;
                    }
                    case REFUSE -> refused.add(d.key() + " (DEFINER " + d.definer() + ")");
                    case REWRITE -> {
                        r = d.withDefiner(definer, SqlText.replaceDefiner(d.create(), definer));
                        notes.add(d.key() + ": DEFINER " + d.definer() + " -> " + definer);
                    }
                }
            }
            if (r.kind() == ObjectKind.EVENT && targetIsReplica) {
                Matcher m = EVENT_ENABLE.matcher(r.create());
                if (m.find()) {
                    r = r.withCreate(m.replaceFirst("DISABLE ON SLAVE"));
                    notes.add(d.key() + ": created DISABLE ON SLAVE while the target replicates; enable it when the target becomes master");
                }
            }
            if (!r.equals(d)) {
                changed.add(d.key());
            }
            out.add(r);
        }
        if (!refused.isEmpty()) {
            throw DbflipException.precondition("the target's admin " + access.account() + " may not set the DEFINER of "
                    + refused.size() + " object(s): " + String.join(", ", refused.subList(0, Math.min(10, refused.size())))
                    + (refused.size() > 10 ? ", …" : "") + "; nothing was changed. Use --definer-policy rewrite [--definer USER@HOST] or keep");
        }
        return new Result(out, notes, changed, leftOut);
    }

    private ObjectDef rewriteGrants(ObjectDef d, List<String> notes) {
        List<String> kept = new ArrayList<>();
        for (String line : d.grants()) {
            Grant g = Grant.parse(line);
            if (g == null) {
                kept.add(line);
                continue;
            }
            Grant r = rewrite(g);
            if (r == null) {
                notes.add(d.key() + ": dropped " + g.text() + " (the target's admin cannot grant it)");
            } else {
                if (!r.equals(g)) {
                    List<String> dropped = g.privileges().stream().filter(p -> !r.privileges().contains(p)).toList();
                    notes.add(d.key() + ": on " + g.on() + " dropped " + String.join(", ", expandedDrops(g, dropped)));
                }
                kept.add(r.text());
            }
        }
        return d.withGrants(kept);
    }

    private List<String> expandedDrops(Grant g, List<String> dropped) {
        if (dropped.contains("ALL PRIVILEGES") || dropped.contains("ALL")) {
            return access.allAt(g.on()).stream().filter(p -> !access.mayGrant(p)).toList();
        }
        return dropped;
    }

    /** The grant the admin can give, or null when nothing of it can be given. */
    Grant rewrite(Grant g) {
        switch (g.type()) {
            case PROXY:
                return access.mayGrantProxy(g.on()) ? g : null;
            case ROLE:
            case DEFAULT_ROLE:
                return g;
            default:
                break;
        }
        if (access.grantsAll()) {
            return g;
        }
        List<String> privs = new ArrayList<>();
        for (String p : g.privileges()) {
            String bare = Grant.bareName(p);
            if (bare.equals("ALL PRIVILEGES") || bare.equals("ALL")) {
                List<String> all = access.allAt(g.on());
                if (all.stream().allMatch(access::mayGrant)) {
                    privs.add(p);
                } else {
                    all.stream().filter(access::mayGrant).forEach(privs::add);
                }
            } else if (bare.equals("USAGE") || access.mayGrant(bare)) {
                privs.add(p);
            }
        }
        boolean option = g.grantOption() && access.grantable().size() > 0;
        privs.remove("USAGE");
        if (privs.isEmpty()) {
            return option ? g.withPrivileges(List.of("USAGE")) : null;
        }
        return new Grant(g.type(), privs.stream().distinct().sorted().toList(), g.on(), g.grantee(), option);
    }

    static String plugin(String createUser) {
        Matcher m = PLUGIN.matcher(createUser);
        if (!m.find()) {
            return null;
        }
        return (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase();
    }
}
