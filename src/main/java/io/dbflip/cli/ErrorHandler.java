package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.Failures;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * The CLI's last word on an exception a command threw. A DbflipException says what failed and what to
 * do next, and owns its exit code. Anything else is a bug or an environment dbflip did not foresee: the
 * message names the exception's class and the command dbflip was running, and {@code -v/--debug}
 * (at any level of the command line) adds the stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final String DEBUG = "--debug";

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean debug = debug(parseResult);
        int code;
        if (ex instanceof DbflipException d) {
            err.println("dbflip: " + (d.getMessage() == null ? Failures.describe(d.getCause()) : d.getMessage()));
            code = d.code().exitCode();
        } else {
            err.println("dbflip: unexpected error while running '" + commandLine.getCommandSpec().qualifiedName() + "': "
                    + Failures.describe(ex));
            code = 1;
        }
        if (debug) {
            ex.printStackTrace(err);
        } else if (!(ex instanceof DbflipException) || unforeseen(ex.getCause())) {
            err.println("dbflip: run again with --debug for the stack trace");
        }
        err.flush();
        return code;
    }

    /** A cause that is no SQL or I/O failure dbflip reported in its own words: a bug, or the unforeseen. */
    private static boolean unforeseen(Throwable cause) {
        return (cause instanceof RuntimeException && !(cause instanceof DbflipException)) || cause instanceof Error;
    }

    /** True when -v/--debug was given to dbflip or to any of the subcommands on the command line. */
    static boolean debug(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG)) {
                return true;
            }
        }
        return false;
    }
}
