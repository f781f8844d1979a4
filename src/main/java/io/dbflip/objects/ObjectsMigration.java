package io.dbflip.objects;

import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The objects step between two sides of a cluster, as the CLI and the rehearsal run it: dump the
 * source, read what the target's admin may do, rewrite, and apply with the target's session binlog
 * off (so nothing applied on a replica reaches the other side through its binlog).
 */
public final class ObjectsMigration {
    private final Server from;
    private final SideConfig fromSide;
    private final Server to;
    private final SideConfig toSide;
    private final SkipList skip;

    public ObjectsMigration(Server from, SideConfig fromSide, Server to, SideConfig toSide, List<String> extraSkip) {
        this.from = from;
        this.fromSide = fromSide;
        this.to = to;
        this.toSide = toSide;
        List<String> admins = new ArrayList<>(extraSkip);
        admins.add(fromSide.admin().user() + "@%");
        admins.add(toSide.admin().user() + "@%");
        this.skip = SkipList.builtIn().plus(admins);
    }

    public List<ObjectDef> dump(Server s) {
        return new ObjectDumper(s == from ? fromSide.role() : toSide.role(), s.connection()).dump();
    }

    /** What differs, after the source is rewritten the way apply would write it for the target. */
    public record Diff(ObjectDiff.Result result, List<String> rewrites) {
    }

    /**
     * Compares the target with the source as apply would write it there (grants the target's admin
     * cannot give dropped, DEFINERs rewritten): what remains is what apply would change. The
     * rewrites themselves are listed, not counted as differences.
     */
    public Diff diff() {
        TargetAccess access = TargetAccess.read(toSide.role(), to.connection());
        boolean targetIsReplica = !to.query(to.dialect().replicaStatusQuery()).isEmpty();
        TargetRewriter.Result rewritten = new TargetRewriter(access, DefinerPolicy.REWRITE, null, targetIsReplica)
                .rewrite(dump(from).stream().filter(d -> !skip.skips(d)).toList());
        return new Diff(new ObjectDiff(skip).compare(rewritten.objects(), dump(to)), rewritten.rewrites());
    }

    public ApplyReport apply(DefinerPolicy policy, String definer, boolean dryRun, boolean showHashes) {
        TargetAccess access = TargetAccess.read(toSide.role(), to.connection());
        boolean targetIsReplica = !to.query(to.dialect().replicaStatusQuery()).isEmpty();
        TargetRewriter.Result rewritten = new TargetRewriter(access, policy, definer, targetIsReplica).rewrite(dump(from).stream().filter(d -> !skip.skips(d)).toList());
        List<String> binlogOff = to.dialect().sessionBinlog(false).stream().map(Sql::text).toList();
        return new ObjectApplier(toSide.role(), to.connection(), skip,
                new ObjectApplier.Options(binlogOff, dryRun, showHashes)).apply(rewritten, access);
    }
}
