package io.dbflip.objects;

import java.util.List;

/**
 * What an apply did (or, in a dry run, would do).
 *
 * @param statements the statements, in order, in their printable form (hashes masked unless asked)
 * @param rewrites   each change made to fit the target (dropped privileges, DEFINERs, events)
 * @param leftOut    objects not applied, and why
 * @param notes      anything else the operator must know (binary logging, objects only on the target)
 */
public record ApplyReport(List<String> statements, List<String> rewrites, List<String> leftOut, List<String> notes) {
    public ApplyReport {
        statements = List.copyOf(statements);
        rewrites = List.copyOf(rewrites);
        leftOut = List.copyOf(leftOut);
        notes = List.copyOf(notes);
    }

    /** Statements that change objects (the session settings around them do not count). */
    public long changes() {
        return statements.stream().filter(s -> !s.startsWith("SET SESSION") && !s.startsWith("USE ")
                && !s.startsWith("CALL mysql.rds_disable_session_binlog") && !s.startsWith("SET sql_log_bin")).count();
    }
}
