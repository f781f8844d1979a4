package io.dbflip.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbflip.config.ClusterConfig;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.fleet.FleetStatus;
import io.dbflip.fleet.Selection;
import io.dbflip.journal.Journal;
import io.dbflip.mysql.Connector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code dbflip fleet list|status|flip}: many clusters, chosen with {@code --select}. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Work on many clusters at once. --select takes comma-separated terms, all of which must match:",
                "  NAME or GLOB (users-*), LABEL=VALUE, LABEL=A|B (either), LABEL=1..8 (whole-number range).",
                "  e.g. --select 'shard=1..8,tier=web'"},
        subcommands = {FleetCommand.ListCommand.class, FleetCommand.StatusCommand.class, FleetFlipCommand.class})
public final class FleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a fleet command is required (list, status, flip)");
    }

    static List<ClusterConfig> select(DbflipConfig config, String select) {
        return (select == null ? Selection.ALL : Selection.parse(select)).select(config.clusters());
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the clusters a selection matches: name, labels, sides.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:bad selection or config, or no match"})
    static final class ListCommand implements Callable<Integer> {
        @Option(names = {"-s", "--select"}, paramLabel = "TERMS", description = "Which clusters (default: all).")
        String select;

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() {
            List<ClusterConfig> cs = select(configOptions.load(), select);
            System.out.printf("%-24s %-32s %s%n", "CLUSTER", "LABELS", "SIDES");
            for (ClusterConfig c : cs) {
                String labels = c.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
                String sides = c.sides().stream().map(s -> s.role() + " " + s.address()).collect(Collectors.joining(", "));
                System.out.printf("%-24s %-32s %s%n", c.name(), labels, sides);
            }
            System.out.println(cs.size() + " cluster(s)" + (select == null ? "" : " match '" + select + "'"));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "One row per cluster: labels, which side is master, each side's replication health and lag, "
                    + "the last flip and its blackout, and who holds the cluster's lock. Read in parallel.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:shown (also when a server is down)", "2:bad selection or config"})
    static final class StatusCommand implements Callable<Integer> {
        @Option(names = {"-s", "--select"}, paramLabel = "TERMS", description = "Which clusters (default: all).")
        String select;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "8", description = "Clusters read at once (default 8).")
        int threads;

        @Mixin
        ConfigOptions configOptions;

        @Mixin
        JournalOptions journalOptions;

        @Override
        public Integer call() throws Exception {
            DbflipConfig config = configOptions.load();
            List<ClusterConfig> cs = select(config, select);
            try (Connector connector = new Connector(Duration.ofSeconds(3), Duration.ofSeconds(10));
                 Journal journal = journalOptions.open(config)) {
                List<FleetStatus.Row> rows = new FleetStatus(connector, journal, threads).read(cs);
                System.out.print(json ? JSON.writeValueAsString(rows) + "\n" : FleetStatus.table(rows));
            }
            return 0;
        }
    }

    static String sides(ClusterConfig c) {
        return c.sides().stream().map(SideConfig::role).collect(Collectors.joining("|"));
    }
}
