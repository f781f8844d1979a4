package io.dbflip.objects;

import io.dbflip.DbflipException;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;
import io.dbflip.mysql.Sql;
import io.dbflip.progress.Progress;
import io.dbflip.progress.ProgressOutput;
import io.dbflip.progress.Unit;

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
        List<ObjectDef> target = dump(to);
        List<String> notes = new ArrayList<>(rewritten.rewrites());
        List<ObjectDef> wanted = locks(targetIsReplica).adjust(rewritten.objects(),
                target.stream().collect(java.util.stream.Collectors.toMap(ObjectDef::key, d -> d, (p, q) -> p)),
                access.mariadb(), notes);
        return new Diff(new ObjectDiff(skip).compare(wanted, target), notes);
    }

    /**
     * The app users of a side fenced by account lock: their lock is the fence's. The target is fenced while it
     * replicates (the master is the side that is not fenced).
     */
    AccountLocks locks(boolean targetIsReplica) {
        java.util.Set<String> users = new java.util.TreeSet<>();
        for (SideConfig side : List.of(fromSide, toSide)) {
            if (io.dbflip.fence.Fences.locksAccounts(side.fence())) {
                side.appUsers().forEach(c -> users.add(c.user()));
            }
        }
        return new AccountLocks(users, targetIsReplica && io.dbflip.fence.Fences.locksAccounts(toSide.fence()));
    }

    /**
     * super_read_only is the read-only fence on MySQL and refuses every write, the admin's too. Lifting it for
     * the apply would make the fenced side writable: only a flip's unfence step may. Refused before anything runs
     * when there is anything to do; with nothing to do, the apply is the no-op it would be anyway.
     */
    /** MySQL and Aurora have super_read_only (on Aurora only AWS sets it); MariaDB has not. */
    private boolean superReadOnly() {
        return "1".equals(to.queryString("SELECT @@global.super_read_only"));
    }

    private DbflipException refusal(long changes) {
        return DbflipException.precondition(toSide.role() + " (" + toSide.address() + ") is fenced by super_read_only,"
                + " which refuses every write, the admin's too; dbflip lifts a fence only in a flip's unfence step, so"
                + " objects apply does not write there, and " + changes + " change(s) are due. Nothing was changed."
                + " Either apply before " + toSide.role()
                + " is fenced (after the seed, before super_read_only is set), or run the statements on "
                + fromSide.role() + " with its binary log on so they replicate (pt-show-grants output for the"
                + " accounts); `objects diff` and `objects apply --dry-run` show what " + toSide.role()
                + " lacks. See docs/objects.md, \"Fenced targets\".");
    }

    public ApplyReport apply(DefinerPolicy policy, String definer, boolean dryRun, boolean showHashes) {
        TargetAccess access = TargetAccess.read(toSide.role(), to.connection());
        boolean targetIsReplica = !to.query(to.dialect().replicaStatusQuery()).isEmpty();
        TargetRewriter.Result rewritten = new TargetRewriter(access, policy, definer, targetIsReplica).rewrite(dump(from).stream().filter(d -> !skip.skips(d)).toList());
        List<String> binlogOff = to.dialect().sessionBinlog(false).stream().map(Sql::text).toList();
        AccountLocks locks = locks(targetIsReplica);
        if (!dryRun && !access.mariadb() && superReadOnly()) {
            // nothing may be written there: a preview says whether anything would have to be
            ApplyReport preview = new ObjectApplier(toSide.role(), to.connection(), skip,
                    new ObjectApplier.Options(binlogOff, true, showHashes, locks)).apply(rewritten, access);
            if (preview.changes() > 0) {
                throw refusal(preview.changes());
            }
            List<String> notes = new ArrayList<>(preview.notes());
            notes.add(toSide.role() + " is fenced by super_read_only and holds everything already: nothing was run");
            return new ApplyReport(List.of(), preview.rewrites(), preview.leftOut(), notes);
        }
        try (Progress p = dryRun ? Progress.NONE : progress.start("objects apply on " + toSide.role(), 0, Unit.of("statements"))) {
            return new ObjectApplier(toSide.role(), to.connection(), skip,
                    new ObjectApplier.Options(binlogOff, dryRun, showHashes, locks)).progress(p).apply(rewritten, access);
        }
    }

    private ProgressOutput progress = ProgressOutput.QUIET;

    /** Where apply draws its progress: statements run, of those known so far. */
    public ObjectsMigration progress(ProgressOutput out) {
        this.progress = out;
        return this;
    }
}
