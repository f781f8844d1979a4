package io.dbflip.flip;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import io.dbflip.journal.Journal;
import io.dbflip.journal.Journals;

import java.nio.file.Path;

/**
 * Run in a child JVM by the fault tests: one flip of the config's first cluster, as the CLI runs
 * it, with a fault of its own at a step boundary.
 * <p>
 * Arguments: CONFIG JOURNAL_DIR REPORT_DIR TO MODE STEP [MILLIS], where MODE is
 * {@code kill-after} (SIGKILL to its own pid after step STEP: a real crash, not Runtime.halt, so no
 * shutdown hook or finally block runs), {@code pause-before} (prints PAUSED and sleeps MILLIS
 * before step STEP, holding the cluster's lock) or {@code none}.
 */
public final class FlipChildMain {
    public static void main(String[] args) throws Exception {
        DbflipConfig config = ConfigLoader.load(Path.of(args[0]));
        ClusterConfig cluster = config.clusters().get(0);
        String mode = args[4];
        int at = Integer.parseInt(args[5]);
        long millis = args.length > 6 ? Long.parseLong(args[6]) : 0;
        FlipListener fault = new FlipListener() {
            @Override
            public void beforeStep(int no, String name) {
                if ("pause-before".equals(mode) && no == at) {
                    System.out.println("PAUSED " + ProcessHandle.current().pid());
                    System.out.flush();
                    Faults.sleep(millis);
                }
            }

            @Override
            public void afterStep(StepRecord step) {
                if ("kill-after".equals(mode) && step.no() == at) {
                    System.out.println("KILLING after step " + at);
                    System.out.flush();
                    killMyself();
                }
            }
        };
        try (ServerOpener opener = new ServerOpener(); Journal journal = Journals.open(args[1], null)) {
            FlipReport r = new FlipOperation(config, cluster, opener, new ClusterDns(config), journal)
                    .run(new FlipOperation.Options(args[3], false, Path.of(args[2]), "child"), p -> true, fault);
            System.out.println("OUTCOME " + r.outcome());
        } catch (FlipFailedException e) {
            System.out.println("OUTCOME " + (e.report() == null ? "failed" : e.report().outcome()) + " " + e.code());
            System.exit(e.code().exitCode());
        }
    }

    static void killMyself() {
        try {
            new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(60_000); // the signal arrives before this ends
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
