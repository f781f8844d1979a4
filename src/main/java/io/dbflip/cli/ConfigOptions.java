package io.dbflip.cli;

import io.dbflip.DbflipException;
import io.dbflip.config.ConfigLoader;
import io.dbflip.config.DbflipConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code -c/--config} option every command that reads the config mixes in. Where the config
 * comes from: every {@code -c}, else {@code DBFLIP_CONFIG} (paths separated by ':'), else
 * {@code ./dbflip.yaml}. Each may be a file, a directory of *.yaml/*.yml, or a glob.
 */
public final class ConfigOptions {
    public static final String ENV = "DBFLIP_CONFIG";
    public static final String DEFAULT_FILE = "dbflip.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file, directory of *.yaml, or glob; repeat for an inventory of several. "
                    + "Default: $" + ENV + " (paths separated by ':'), else ./" + DEFAULT_FILE + ".")
    List<Path> files = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private DbflipConfig loaded;

    /** The config paths this command loads, absolute (for a process that must load the same). */
    public List<Path> resolvedPaths() {
        return paths(files, System.getenv(), Path.of("")).stream().map(Path::toAbsolutePath).toList();
    }

    /** Loads the config once per command; its warnings go to stderr the first time. */
    public DbflipConfig load() {
        if (loaded == null) {
            loaded = ConfigLoader.load(paths(files, System.getenv(), Path.of("")));
            PrintWriter err = mixee == null ? new PrintWriter(System.err, true) : mixee.commandLine().getErr();
            loaded.warnings().forEach(w -> err.println("dbflip: warning: " + w));
            err.flush();
        }
        return loaded;
    }

    /** The paths to load and why: the -c options, else $DBFLIP_CONFIG, else ./dbflip.yaml, which must exist. */
    static List<Path> paths(List<Path> options, Map<String, String> env, Path cwd) {
        if (!options.isEmpty()) {
            return options;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            List<Path> out = new ArrayList<>();
            for (String p : fromEnv.split(":")) {
                if (!p.isBlank()) {
                    out.add(Path.of(p));
                }
            }
            return out;
        }
        Path def = cwd.resolve(DEFAULT_FILE);
        if (!Files.isRegularFile(def)) {
            throw DbflipException.usage("no config: no -c FILE given, $" + ENV + " is not set, and "
                    + (cwd.toString().isEmpty() ? "./" + DEFAULT_FILE : def.toString())
                    + " does not exist (write one like docs/dbflip.example.yaml, or run 'dbflip sandbox up')");
        }
        return List.of(def);
    }
}
