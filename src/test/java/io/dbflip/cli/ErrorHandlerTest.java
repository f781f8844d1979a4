package io.dbflip.cli;

import io.dbflip.DbflipException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.OverlappingFileLockException;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10: an exception dbflip did not expect is named, never printed as "null"; --debug shows where. */
class ErrorHandlerTest {
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OverlappingFileLockException();
        }
    }

    @Command(name = "wrapped")
    static final class Wrapped implements Callable<Integer> {
        @Override
        public Integer call() {
            throw DbflipException.failed("building sandbox-1 failed: OverlappingFileLockException (no message)",
                    new OverlappingFileLockException());
        }
    }

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand(new Boom());
        cl.addSubcommand(new Wrapped());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void anUnexpectedExceptionNamesItsClassAndTheCommand() {
        Run r = run("boom");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("dbflip: null")
                .contains("unexpected error while running 'dbflip boom': OverlappingFileLockException (no message)")
                .contains("--debug")
                .doesNotContain("\tat ");
    }

    @Test
    void debugAtEitherLevelPrintsTheStackTrace() {
        for (String[] args : new String[][]{{"--debug", "boom"}, {"boom", "--debug"}, {"-v", "boom"}, {"wrapped", "-v"}}) {
            Run r = run(args);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args))
                    .contains("OverlappingFileLockException")
                    .contains("\tat " + ErrorHandlerTest.class.getName());
        }
    }

    @Test
    void aDbflipExceptionWrappingAnUnforeseenOneSaysHowToSeeMore() {
        Run r = run("wrapped");
        assertThat(r.err()).startsWith("dbflip: building sandbox-1 failed: OverlappingFileLockException (no message)")
                .contains("--debug");
    }
}
