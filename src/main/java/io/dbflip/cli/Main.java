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
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-v", ErrorHandler.DEBUG}, scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace too.")
    boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs dbflip in this JVM and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
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
