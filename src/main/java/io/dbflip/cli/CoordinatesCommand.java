package io.dbflip.cli;

import io.dbflip.coordinates.BackupInput;
import io.dbflip.coordinates.Coordinates;
import io.dbflip.coordinates.ParseResult;
import io.dbflip.coordinates.Which;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dbflip coordinates}: prints the replication coordinates a backup left. */
@Command(name = "coordinates", mixinStandardHelpOptions = true,
        description = "Print the replication coordinates in a backup log, an xtrabackup/mariabackup info file "
                + "or a backup directory.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:coordinates found", "2:no usable coordinates (FILE:LINE: expected …)"})
public final class CoordinatesCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|DIR|-", defaultValue = "-",
            description = "backup log, xtrabackup_slave_info/_binlog_info/_info (or mariadb_backup_*), a backup "
                    + "directory, or - for standard input (the default)")
    String input;

    @Option(names = "--json", description = "print a JSON array, one object per channel")
    boolean json;

    @Option(names = "--which", paramLabel = "source|self", converter = WhichConverter.class,
            description = "source: the backed-up replica's position on its master (the default; falls back to "
                    + "self, saying so, when the input has none); self: the backed-up server's own binlog position")
    Which which;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BackupInput reader = new BackupInput();
        ParseResult result = "-".equals(input) ? reader.read(System.in, "-") : reader.read(Path.of(input));
        List<Coordinates> found;
        List<String> notes;
        if (which == null) {
            ParseResult.Selection s = result.selectDefault();
            found = s.coordinates();
            notes = s.notes();
        } else {
            found = result.select(which);
            notes = result.notes();
        }
        PrintWriter err = spec.commandLine().getErr();
        notes.forEach(n -> err.println("dbflip: note: " + n));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println("[" + String.join(",", found.stream().map(Coordinates::toJson).toList()) + "]");
        } else {
            for (Coordinates c : found) {
                print(out, c);
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Coordinates c) {
        out.println(c.kind() == Coordinates.Kind.SOURCE
                ? "source position (where the backed-up replica was on its master)"
                : "self position (the backed-up server's own binlog)");
        if (c.masterHost() != null) {
            out.println("  master host: " + c.masterHost());
        }
        out.println("  binlog file: " + (c.binlogFile() == null ? "-" : c.binlogFile()));
        out.println("  position:    " + (c.position() == null ? "-" : c.position()));
        out.println("  GTID set:    " + (c.gtidSet() == null ? "-" : c.gtidSet()));
        out.println("  channel:     " + (c.channel() == null ? "(default)" : c.channel()));
        out.println("  parsed from: " + c.parsedFrom());
    }

    /** Accepts source/self in any case, and own for self. */
    static final class WhichConverter implements CommandLine.ITypeConverter<Which> {
        @Override
        public Which convert(String value) {
            try {
                String v = value.toUpperCase(Locale.ROOT);
                return Which.valueOf(v.equals("OWN") ? "SELF" : v);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected source or self (own), found '" + value + "'");
            }
        }
    }
}
