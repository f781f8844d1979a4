package io.dbflip.cli;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.ConfigFields;
import io.dbflip.config.DbflipConfig;
import io.dbflip.config.SideConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code dbflip config check|reference}: validate the config, or print every field it may hold. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check the config, or print its reference.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Reference.class})
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check or reference");
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Load and validate the config; print its clusters, sides, DNS records "
            + "and warnings. Exit 0 when valid, 2 with every error as FILE:LINE: FIELD: what (expected).")
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DbflipConfig c = config.load();
            PrintWriter out = spec.commandLine().getOut();
            int sides = c.clusters().stream().mapToInt(k -> k.sides().size()).sum();
            int records = c.clusters().stream().mapToInt(k -> k.dns().size()).sum();
            out.printf("%s: valid: %d %s, %d sides, %d DNS records, %d DNS providers, %d warnings%n",
                    c.files().stream().map(Object::toString).collect(Collectors.joining(", ")),
                    c.clusters().size(), c.clusters().size() == 1 ? "cluster" : "clusters", sides, records,
                    c.dnsProviders().size(), c.warnings().size());
            for (ClusterConfig k : c.clusters()) {
                out.printf("  %s%s: %s; %d DNS records%n", k.name(),
                        k.labels().isEmpty() ? "" : " " + k.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .sorted().collect(Collectors.joining(",", "{", "}")),
                        k.sides().stream().map(ConfigCommand::side).collect(Collectors.joining(", ")), k.dns().size());
            }
            c.warnings().forEach(w -> out.println("  warning: " + w));
            out.flush();
            return 0;
        }
    }

    static String side(SideConfig s) {
        return s.role() + " " + s.address() + " (" + s.flavor() + ", fence " + s.fence() + ", kill " + s.kill() + ")";
    }

    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "Print every config field (path, type, default, description) as a Markdown table.")
    static final class Reference implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigFields.markdown());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
