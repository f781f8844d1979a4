package io.dbflip.cli;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (without initialising) every class of dbflip and of the libraries a flip's window uses, so
 * that a run under {@code -XX:ArchiveClassesAtExit} writes them all into an application class-data
 * sharing archive. The launchers make the archive once per jar and start every later run with it:
 * the classes a flip needs are then mapped, not parsed and verified, in each one-process flip —
 * before the fence and inside it. The AWS SDK is left out: it is loaded only by the AWS paths.
 */
@Command(name = "cds-train", hidden = true, description = "Load the classes a flip uses (for the class-data sharing archive).")
public final class CdsTrainCommand implements Callable<Integer> {
    /** Package prefixes (as jar paths) whose classes go into the archive. */
    static final List<String> PREFIXES = List.of("io/dbflip/", "com/mysql/cj/", "org/xbill/DNS/", "picocli/",
            "org/yaml/snakeyaml/", "com/fasterxml/jackson/", "org/h2/", "ch/qos/logback/", "org/slf4j/");

    @Override
    public Integer call() throws IOException, URISyntaxException {
        Path jar = Path.of(CdsTrainCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int loaded = 0;
        int failed = 0;
        ClassLoader loader = CdsTrainCommand.class.getClassLoader();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : j.stream().toList()) {
                String n = e.getName();
                if (!n.endsWith(".class") || n.contains("module-info") || PREFIXES.stream().noneMatch(n::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                    loaded++;
                } catch (Throwable t) {
                    // optional dependencies of a library (absent on purpose): not needed by dbflip
                    failed++;
                }
            }
        }
        System.err.println("cds-train: " + loaded + " classes loaded, " + failed + " skipped");
        return 0;
    }
}
