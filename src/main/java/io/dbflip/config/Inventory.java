package io.dbflip.config;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns what the user named into config files: a file as is, a directory as every {@code *.yaml} and
 * {@code *.yml} directly in it, a glob ({@code conf.d/*.yaml}, {@code clusters/**}{@code .yaml}) as the
 * files it matches; each sorted by name, each file once.
 */
final class Inventory {
    private static final int MAX_FILES = 10_000;

    private Inventory() {
    }

    static List<Path> expand(List<Path> named) {
        Set<Path> files = new LinkedHashSet<>();
        for (Path p : named) {
            String s = p.toString();
            if (isGlob(s)) {
                List<Path> matched = glob(s);
                if (matched.isEmpty()) {
                    throw DbflipException.usage(s + ": no config file matches this pattern");
                }
                files.addAll(matched);
            } else if (Files.isDirectory(p)) {
                List<Path> yamls = list(p, 1, null);
                if (yamls.isEmpty()) {
                    throw DbflipException.usage(s + ": directory holds no *.yaml or *.yml file");
                }
                files.addAll(yamls);
            } else if (!Files.isRegularFile(p)) {
                throw DbflipException.usage(s + ": no such config file");
            } else {
                files.add(p);
            }
        }
        if (files.size() > MAX_FILES) {
            throw DbflipException.usage("more than " + MAX_FILES + " config files named; name fewer");
        }
        return new ArrayList<>(files);
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** Walks from the pattern's literal prefix, so only the part with wildcards costs a directory walk. */
    private static List<Path> glob(String pattern) {
        Path full = Path.of(pattern);
        Path base = full.isAbsolute() ? full.getRoot() : Path.of("");
        int depth = 0;
        boolean literal = true;
        for (Path part : full) {
            if (literal && !isGlob(part.toString())) {
                base = base.resolve(part);
            } else {
                literal = false;
                depth++;
            }
        }
        boolean relative = base.toString().isEmpty();
        Path start = relative ? Path.of(".") : base;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<Path> found = list(start, pattern.contains("**") ? 32 : depth,
                p -> matcher.matches(relative ? start.relativize(p) : p));
        return relative ? found.stream().map(start::relativize).toList() : found;
    }

    private static List<Path> list(Path dir, int depth, PathMatcher matcher) {
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> matcher != null ? matcher.matches(p) : yaml(p))
                    .sorted().limit(MAX_FILES + 1).toList();
        } catch (IOException | RuntimeException e) {
            throw DbflipException.usage(dir + ": cannot list config files (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean yaml(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
