package io.dbflip.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;

/**
 * Text to a YAML node tree, keeping every node's line. Bounded against hostile input: aliases to
 * collections, nesting depth and size are limited, so an alias bomb ("billion laughs") or a deep
 * bracket pile is a config error, not an out-of-memory or a stack overflow.
 */
final class YamlParser {
    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 40;
    static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    /** Stateless once built, so shared. */
    private static final Resolver RESOLVER = new Resolver();

    private YamlParser() {
    }

    /** The document's root node, or null when the text holds no document; errors go to problems. */
    static Node parse(String file, String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(true);
        options.setProcessComments(false);
        try {
            // the composer alone: a Yaml instance also builds a constructor and representer never used here
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), RESOLVER, options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            // Only problem and context: getMessage() quotes the source line, which may hold a literal secret.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 1;
            String what = e.getProblem() == null ? "cannot parse" : scrub(e.getProblem());
            String context = e.getContext() == null ? "" : " " + scrub(e.getContext());
            problems.error(file, line, "", "malformed YAML: " + oneLine(what + context)
                    + " (valid YAML 1.1: quote values that start with * & ! % @ or `)");
        } catch (YAMLException e) {
            problems.error(file, 1, "", "malformed YAML: " + limitMessage(e.getMessage()));
        } catch (RuntimeException e) {
            // SnakeYAML's node classes check what the scanner decoded (a tag "!<%20a>" is " a": "Tag must not
            // contain leading or trailing spaces") with IllegalArgumentException, not YAMLException; any other
            // escape from the parser of an operator's file is a bad file too (exit 2), never a crash
            // (the message is not quoted: a decoded tag may hold what follows it, a secret among them)
            problems.error(file, 1, "", "malformed YAML: the parser rejects a tag or node in it (a tag that begins or ends"
                    + " with a space, for one; valid YAML 1.1: quote values that start with * & ! % @ or `)");
        }
        return null;
    }

    private static String limitMessage(String message) {
        if (message == null) {
            return "cannot parse";
        }
        if (message.contains("aliases")) {
            return "too many aliases to collections (at most " + MAX_ALIASES + "; an alias bomb?)";
        }
        if (message.contains("depth")) {
            return "nested too deep (at most " + MAX_DEPTH + " levels)";
        }
        if (message.contains("code points")) {
            return "file too large (at most " + MAX_CODE_POINTS + " characters)";
        }
        return "cannot parse";
    }

    /**
     * Drops the names snakeyaml quotes from the document (an alias, a tag, an anchor): a literal
     * password that starts with '*' or '!' would otherwise be printed.
     */
    static String scrub(String problem) {
        return problem.replaceAll("(alias|anchor|tag handle|tag|directive)\\s+\\S.*", "$1");
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
