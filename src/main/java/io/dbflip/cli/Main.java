package io.dbflip.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dbflip command line: one class per verb, registered here. */
@Command(name = "dbflip", mixinStandardHelpOptions = true, version = "dbflip 0.1.0",
        description = "Move the master of a MySQL-compatible cluster between two servers (on-premise and Aurora) "
                + "with a millisecond write blackout, and back, losing no acknowledged write.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the operation failed or was rolled back",
                "2:bad usage or configuration (nothing changed)",
                "3:a precondition (preflight) refused (nothing changed)"},
        subcommands = {
                CommandLine.HelpCommand.class,
                CoordinatesCommand.class,
                ConfigCommand.class,
                StatusCommand.class,
                FlipCommand.class,
                ProbeCommand.class,
                ReplicateCommand.class,
                HistoryCommand.class,
                SandboxCommand.class,
                BackupCommand.class,
                RestoreCommand.class,
                ImportCommand.class,
                ObjectsCommand.class,
                DemoCommand.class,
                VerifyCommand.class,
                RecoverCommands.Resume.class,
                RecoverCommands.Rollback.class,
                FleetCommand.class,
                CdsTrainCommand.class,
                SuperviseCommand.class,
                ServeCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-v", ErrorHandler.DEBUG}, scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace too.")
    boolean debug;

    @CommandLine.Option(names = {"-q", ProgressOptions.QUIET}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print no progress (bars, periodic lines) on standard error; results and errors still print.")
    boolean quiet;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs dbflip in this JVM and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(hoistLeadingOptions(args));
    }

    /** The options every command takes that an operator may also write before the command, as in git -C. */
    static final java.util.Set<String> SHARED_WITH_VALUE = java.util.Set.of("-c", "--config", "--journal");

    /**
     * {@code dbflip -c FILE status} means {@code dbflip status -c FILE}: the shared options written
     * before the command move behind it (picocli takes options after positionals), so they work in
     * either place; anything else is left where it is for the parser to judge.
     */
    static String[] hoistLeadingOptions(String[] args) {
        java.util.List<String> lead = new java.util.ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!SHARED_WITH_VALUE.contains(name)) {
                break;
            }
            if (!a.contains("=") && i + 1 >= args.length) {
                return args; // the option lacks its value: the parser says so
            }
            lead.add(a);
            if (!a.contains("=")) {
                lead.add(args[++i]);
            }
            i++;
        }
        if (lead.isEmpty() || i >= args.length) {
            return args;
        }
        java.util.List<String> out = new java.util.ArrayList<>(java.util.Arrays.asList(args).subList(i, args.length));
        int dashes = out.indexOf("--");
        out.addAll(dashes < 0 ? out.size() : dashes, lead);
        return out.toArray(String[]::new);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("dbflip: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl;
    }
}
