package io.dbflip.cli;

import io.dbflip.progress.ProgressOutput;
import picocli.CommandLine;

/**
 * How a command draws the progress of its long waits: nothing with {@code -q/--quiet} (at any level of
 * the command line), a bar redrawn in place when standard error is a terminal, a plain line every few
 * seconds otherwise (a CI log). Always on standard error, so {@code --json} output stays parseable.
 */
final class ProgressOptions {
    static final String QUIET = "--quiet";

    private ProgressOptions() {
    }

    static ProgressOutput output(CommandLine.Model.CommandSpec spec) {
        return ProgressOutput.of(System.err, mode(quiet(spec), System.console() != null));
    }

    static ProgressOutput.Mode mode(boolean quiet, boolean terminal) {
        return quiet ? ProgressOutput.Mode.QUIET : terminal ? ProgressOutput.Mode.TERMINAL : ProgressOutput.Mode.PLAIN;
    }

    static boolean quiet(CommandLine.Model.CommandSpec spec) {
        for (CommandLine.Model.CommandSpec s = spec; s != null; s = s.parent()) {
            CommandLine.ParseResult r = s.commandLine() == null ? null : s.commandLine().getParseResult();
            if (r != null && r.hasMatchedOption(QUIET)) {
                return true;
            }
        }
        return false;
    }
}
