package io.dbflip.cli;

import io.dbflip.flip.ServerOpener;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.flip.ClusterDns;
import io.dbflip.flip.FlipFailedException;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.FlipRunner;
import io.dbflip.flip.Recovery;
import io.dbflip.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code dbflip resume CLUSTER} and {@code dbflip rollback CLUSTER}: finish an interrupted flip, forward or back. */
final class RecoverCommands {
    private RecoverCommands() {
    }

    static int run(String clusterName, FlipRunner.Way way, ConfigOptions configOptions, JournalOptions journalOptions) {
        DbflipConfig config = configOptions.load();
        ClusterConfig cluster = config.cluster(clusterName);
        try (ServerOpener opener = new ServerOpener(); Journal journal = journalOptions.open(config)) {
            Recovery recovery = new Recovery(cluster, journal, opener, new ClusterDns(config));
            recovery.assess().ifPresent(a -> System.out.println(a.describe()));
            try {
                FlipReport r = recovery.recover(way, Operators.current(), journalOptions.reportDir(config));
                System.out.println(r.toMarkdown());
                return 0;
            } catch (FlipFailedException e) {
                if (e.report() != null) {
                    System.out.println(e.report().toMarkdown());
                }
                throw e;
            }
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Finish an interrupted flip forward: the new master may have taken writes, so it stays master.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:resumed", "1:failed", "2:bad usage or config",
            "3:refused: no interrupted flip, or rollback is what applies"})
    static final class Resume implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
        @Mixin ConfigOptions configOptions;
        @Mixin JournalOptions journalOptions;

        @Override
        public Integer call() {
            return run(cluster, FlipRunner.Way.RESUME, configOptions, journalOptions);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Undo an interrupted flip that has not reached its point of no return: the old master takes writes again.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:rolled back", "1:failed", "2:bad usage or config",
            "3:refused: no interrupted flip, or resume is what applies"})
    static final class Rollback implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
        @Mixin ConfigOptions configOptions;
        @Mixin JournalOptions journalOptions;

        @Override
        public Integer call() {
            return run(cluster, FlipRunner.Way.ROLLBACK, configOptions, journalOptions);
        }
    }
}
