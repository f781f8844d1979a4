package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.DbflipException;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.flip.Topology;
import io.dbflip.mysql.Server;
import io.dbflip.objects.ApplyReport;
import io.dbflip.objects.DefinerPolicy;
import io.dbflip.objects.ObjectDiff;
import io.dbflip.objects.ObjectFiles;
import io.dbflip.objects.ObjectsMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/** {@code dbflip objects dump|diff|apply}: what the Aurora import leaves behind. */
@Command(name = "objects", mixinStandardHelpOptions = true,
        description = "Users, roles, grants, stored routines, events, triggers and views: dump, diff, and apply "
                + "to the other side, rewritten for the target's flavor and its admin's privileges.",
        subcommands = {ObjectsCommand.Dump.class, ObjectsCommand.Diff.class, ObjectsCommand.Apply.class})
public final class ObjectsCommand implements Runnable {
    @Override
    public void run() {
        throw DbflipException.usage("objects: give dump, diff or apply");
    }

    /** From/to sides: given, else from = the master now, to = the other. */
    static final class Sides {
        @Option(names = "--from", paramLabel = "SIDE", description = "Source side (default: the master now).")
        String from;

        @Option(names = "--to", paramLabel = "SIDE", description = "Target side (default: the other side).")
        String to;

        SideConfig[] resolve(ClusterConfig c, ServerOpener opener) {
            SideConfig f = from != null ? side(c, from, "--from") : to != null ? c.other(side(c, to, "--to"))
                    : Topology.read(c, opener).master();
            SideConfig t = to != null ? side(c, to, "--to") : c.other(f);
            if (f.role().equals(t.role())) {
                throw DbflipException.usage("--from and --to name the same side '" + f.role() + "'");
            }
            return new SideConfig[]{f, t};
        }

        /** Opens the from and to sides as their admins and runs {@code work} on the migration between them; its exit code. */
        int migrate(ClusterConfig c, BiFunction<ObjectsMigration, SideConfig[], Integer> work) {
            try (ServerOpener opener = new ServerOpener()) {
                SideConfig[] ft = resolve(c, opener);
                try (Server f = opener.open(ft[0], ft[0].admin()); Server t = opener.open(ft[1], ft[1].admin())) {
                    return work.apply(new ObjectsMigration(f, ft[0], t, ft[1], List.of()), ft);
                }
            }
        }
    }

    static SideConfig side(ClusterConfig c, String role, String option) {
        return c.side(role).orElseThrow(() -> DbflipException.usage(option + ": no side named '" + role + "' in "
                + c.name() + " (sides: " + c.sides().stream().map(SideConfig::role).toList() + ")"));
    }

    @Command(name = "dump", mixinStandardHelpOptions = true, description = "Write one reviewable SQL file per object.")
    static final class Dump implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
        @Option(names = "--side", required = true, paramLabel = "SIDE") String side;
        @Option(names = "--out", paramLabel = "DIR", defaultValue = "objects-dump") Path out;
        @Option(names = "--show-hashes", description = "Write password hashes (default: masked).") boolean showHashes;
        @Mixin ConfigOptions configOptions;

        @Override
        public Integer call() {
            DbflipConfig config = configOptions.load();
            ClusterConfig c = config.cluster(cluster);
            SideConfig s = side(c, side, "--side");
            try (ServerOpener opener = new ServerOpener(); Server server = opener.open(s, s.admin())) {
                var objects = new ObjectsMigration(server, s, server, s, List.of()).dump(server);
                ObjectFiles.write(out, objects, showHashes);
                System.out.println(objects.size() + " objects from " + s.role() + " written to " + out);
                return 0;
            }
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true, description = "What exists on one side only, or differs.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:equal", "1:different", "2:bad usage or config"})
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
        @Mixin Sides sides;
        @Mixin ConfigOptions configOptions;

        @Override
        public Integer call() {
            return sides.migrate(configOptions.load().cluster(cluster), (migration, ft) -> {
                ObjectsMigration.Diff d = migration.diff();
                ObjectDiff.Result r = d.result();
                d.rewrites().forEach(w -> System.out.println("rewritten for " + ft[1].role() + " (not a difference): " + w));
                r.lines().forEach(System.out::println);
                System.out.println(r.equal() ? "equal" : "different");
                return r.exitCode();
            });
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create or alter on the target what is missing or different, rewritten for it; idempotent.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:applied (or nothing to do)", "1:failed",
            "2:bad usage or config", "3:refused (definer policy, missing parameter): nothing changed"})
    static final class Apply implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
        @Mixin Sides sides;
        @Option(names = "--dry-run", description = "Print the statements; change nothing.") boolean dryRun;
        @Option(names = "--show-hashes", description = "Print password hashes in the dry run (default: masked).") boolean showHashes;
        @Option(names = "--definer-policy", defaultValue = "rewrite", paramLabel = "keep|rewrite|refuse",
                description = "DEFINERs the target's admin cannot set: keep where permitted, rewrite to --definer "
                        + "(default: the target's admin), or refuse (default: ${DEFAULT-VALUE}).") String policy;
        @Option(names = "--definer", paramLabel = "USER@HOST") String definer;
        @Mixin ConfigOptions configOptions;

        @Override
        public Integer call() {
            return sides.migrate(configOptions.load().cluster(cluster), (migration, ft) -> {
                ApplyReport r = migration.progress(ProgressOptions.output(spec))
                        .apply(DefinerPolicy.of(policy), definer, dryRun, showHashes);
                System.out.println((dryRun ? "would run" : "ran") + " on " + ft[1].role() + ":");
                r.statements().forEach(s -> System.out.println("  " + s + ";"));
                r.rewrites().forEach(s -> System.out.println("rewritten: " + s));
                r.leftOut().forEach(s -> System.out.println("left out: " + s));
                r.notes().forEach(s -> System.out.println("note: " + s));
                System.out.println(r.changes() + " change(s)" + (dryRun ? " (dry run: nothing changed)" : ""));
                return 0;
            });
        }
    }
}
