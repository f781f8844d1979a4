package io.dbflip.config;

import java.util.Map;

/** What reading one file shares: its name for messages, the problems found, the environment, the work budget. */
final class LoadContext {
    private final String file;
    private final Problems problems;
    private final Map<String, String> env;
    private int spent;
    private boolean overBudget;

    LoadContext(String file, Problems problems, Map<String, String> env) {
        this.file = file;
        this.problems = problems;
        this.env = env;
    }

    String file() {
        return file;
    }

    Map<String, String> env() {
        return env;
    }

    void error(int line, String field, String what) {
        problems.error(file, line, field, what);
    }

    void warn(int line, String field, String what) {
        problems.warn(file, line, field, what);
    }

    /** Counts entries read; false (and one error) once aliases have expanded the file past {@link Section#BUDGET}. */
    boolean spend(int entries, int line) {
        spent += entries;
        if (spent > Section.BUDGET && !overBudget) {
            overBudget = true;
            error(line, "", "too large once aliases are expanded (at most " + Section.BUDGET + " entries; an alias bomb?)");
        }
        return !overBudget;
    }
}
