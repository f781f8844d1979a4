package io.dbflip.cli;

import io.dbflip.journal.FileJournal;
import io.dbflip.journal.FlipId;
import io.dbflip.journal.FlipOutcome;
import io.dbflip.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryCommandIT {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listsPastFlipsNewestFirstWithTheirBlackout() throws Exception {
        try (Journal j = new FileJournal(dir)) {
            FlipId a = j.begin("shard1", "onprem", "aurora", "alice", false);
            j.finish(a, FlipOutcome.COMPLETED, 38_400L, "{}");
            Thread.sleep(5);
            FlipId b = j.begin("shard1", "aurora", "onprem", "bob", false);
            j.finish(b, FlipOutcome.ROLLED_BACK, null, null);
            Thread.sleep(5);
            j.begin("shard1", "onprem", "aurora", "carol", false);
            j.begin("shard2", "onprem", "aurora", "dave", false);
        }
        Result r = run("history", "shard1", "--journal", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("STARTED", "DIRECTION", "OUTCOME", "BLACKOUT");
        assertThat(lines[1]).contains("onprem -> aurora", "unfinished", "carol@");
        assertThat(lines[2]).contains("aurora -> onprem", "rolled_back", "bob@");
        assertThat(lines[3]).contains("onprem -> aurora", "completed", "38.4 ms", "alice@");
        assertThat(r.out()).doesNotContain("dave");

        Result json = run("history", "shard1", "--journal", dir.toString(), "--json", "--limit", "1");
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"operator\" : \"carol\"", "\"outcome\" : \"unfinished\"").doesNotContain("bob");
    }

    @Test
    void htmlIndexBesideTheReports() throws Exception {
        try (Journal j = new FileJournal(dir)) {
            FlipId a = j.begin("shard1", "onprem", "aurora", "alice", false);
            j.finish(a, FlipOutcome.COMPLETED, 38_400L, "{}");
        }
        Result r = run("history", "shard1", "--journal", dir.toString(), "--html");
        assertThat(r.code()).as(r.err()).isZero();
        Path html = dir.resolve("reports").resolve("history-shard1.html");
        assertThat(r.out()).contains("HTML history: " + html);
        assertThat(java.nio.file.Files.readString(html)).contains("<svg", "id=\"blackouts\"", "38.4 ms", "alice");
    }

    @Test
    void badInputGetsOneMessageAndExitTwo() {
        Result noFlips = run("history", "nothing-here", "--journal", dir.toString());
        assertThat(noFlips.code()).isZero();
        assertThat(noFlips.out()).contains("no flips of cluster nothing-here");

        Result limit = run("history", "x", "--journal", dir.toString(), "--limit", "0");
        assertThat(limit.code()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit");

        Result literal = run("history", "x", "--journal", "mysql://u@127.74.0.9:3310/db", "--journal-password", "hunter2");
        assertThat(literal.code()).isEqualTo(2);
        assertThat(literal.err()).contains("--journal-password").doesNotContain("hunter2");

        Result badUrl = run("history", "x", "--journal", "mysql://127.74.0.9:3310/db");
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("must name a user");
    }
}
