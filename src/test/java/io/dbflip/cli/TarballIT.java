package io.dbflip.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: dbflip installs without building. The tarball `mvn package` makes, unpacked in a directory
 * of its own, runs with nothing but Java: each command here is a separate process of its bin/dbflip,
 * up to a flip of a running sandbox and back.
 */
class TarballIT {
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            tarball = s.filter(p -> p.getFileName().toString().matches("dbflip-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/dbflip-VERSION.tar.gz; run mvn package"));
        }
        unpacked = Files.createTempDirectory("dbflip-install-");
        Result r = run(List.of("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", unpacked.toString()), Map.of());
        assertThat(r.exit()).as(r.output()).isZero();
        try (Stream<Path> s = Files.list(unpacked)) {
            home = s.findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).isEqualTo(tarball.getFileName().toString().replace(".tar.gz", ""));
    }

    @AfterAll
    static void remove() throws IOException {
        if (unpacked != null) {
            io.dbflip.sandbox.SandboxServer.deleteTree(unpacked);
        }
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(unpacked.toFile());
        pb.environment().remove("DBFLIP_CONFIG");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    static Result dbflip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/dbflip").toString()));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of());
    }

    @Test
    void holdsTheLauncherTheJarTheDocsTheExampleConfigAndBashCompletion() throws IOException {
        assertThat(home.resolve("bin/dbflip")).isExecutable();
        assertThat(home.resolve("lib/dbflip.jar")).isRegularFile();
        assertThat(home.resolve("docs/sandbox.md")).isRegularFile();
        assertThat(home.resolve("dbflip.example.yaml")).isRegularFile();
        assertThat(Files.readString(home.resolve("completion/dbflip.bash")))
                .contains("complete -F _complete_dbflip").contains("sandbox").contains("flip");
    }

    @Test
    void helpRunsFromTheUnpackedTarball() throws Exception {
        Result r = dbflip("--help");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Usage: dbflip").contains("flip").contains("--debug").contains("Exit codes:");
    }

    @Test
    void configCheckOfTheExampleConfigRunsFromTheUnpackedTarball() throws Exception {
        Result ok = dbflip("config", "check", "-c", home.resolve("dbflip.example.yaml").toString());
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).as(ok.output()).contains("onprem");

        Path broken = unpacked.resolve("broken.yaml");
        Files.writeString(broken, "clusters: [\n");
        Result bad = dbflip("config", "check", "-c", broken.toString());
        assertThat(bad.exit()).as(bad.output()).isEqualTo(2);
    }

    @Test
    void theLauncherRefusesAJavaOlderThan17Clearly() throws Exception {
        Path jdk = unpacked.resolve("old-jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        java.toFile().setExecutable(true);
        Result r = run(List.of(home.resolve("bin/dbflip").toString(), "--help"), Map.of("JAVA_HOME", jdk.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("needs Java 17 or later").contains("version 11.0.21");
    }

    @Test
    void theLauncherWorksThroughALink() throws Exception {
        Path link = unpacked.resolve("dbflip-link");
        Files.createSymbolicLink(link, home.resolve("bin/dbflip"));
        Result r = run(List.of(link.toString(), "--version"), Map.of());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("dbflip");
    }

    @Test
    void aFlipOfARunningSandboxRunsFromTheUnpackedTarball() throws Exception {
        io.dbflip.sandbox.Sandbox sb = io.dbflip.sandbox.Sandbox.up(unpacked.resolve("sb"),
                io.dbflip.sandbox.SandboxOptions.defaults());
        try {
            String config = sb.configFile().toString();
            String journal = unpacked.resolve("journal").toString();
            // what the import left behind, as the preflight asks (and the rehearsal does)
            Result objects = dbflip("objects", "apply", "sandbox", "-c", config);
            assertThat(objects.exit()).as(objects.output()).isZero();
            Result to = dbflip("flip", "sandbox", "--to", "aurora", "--yes", "-c", config, "--journal", journal);
            assertThat(to.exit()).as(to.output()).isZero();
            Result status = dbflip("status", "sandbox", "-c", config, "--journal", journal);
            assertThat(status.exit()).as(status.output()).isZero();
            Result back = dbflip("flip", "sandbox", "--to", "onprem", "--yes", "-c", config, "--journal", journal);
            assertThat(back.exit()).as(back.output()).isZero();
        } finally {
            sb.down();
        }
    }
}
