package io.dbflip.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A YAML subtree as a canonical string (keys sorted, lines and styles ignored), to tell whether two
 * files define the same thing identically. Bounded: recursive aliases and huge trees end in a marker
 * unique to the node, so they compare as different rather than loop.
 */
final class Fingerprint {
    private static final int MAX_DEPTH = 30;
    private static final int MAX_LENGTH = 100_000;

    private Fingerprint() {
    }

    static String of(Node node) {
        StringBuilder sb = new StringBuilder();
        append(node, sb, 0);
        if (sb.length() > MAX_LENGTH) {
            return "#" + System.identityHashCode(node);
        }
        return sb.toString();
    }

    private static void append(Node node, StringBuilder sb, int depth) {
        if (depth > MAX_DEPTH || sb.length() > MAX_LENGTH) {
            sb.append("#").append(System.identityHashCode(node));
            return;
        }
        if (node instanceof ScalarNode s) {
            sb.append(Section.isNull(s) ? "~" : s.getValue().length() + ":" + s.getValue());
        } else if (node instanceof SequenceNode seq) {
            sb.append('[');
            for (Node n : seq.getValue()) {
                append(n, sb, depth + 1);
                sb.append(',');
            }
            sb.append(']');
        } else if (node instanceof MappingNode m) {
            List<String> entries = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                StringBuilder e = new StringBuilder();
                append(t.getKeyNode(), e, depth + 1);
                e.append('=');
                append(t.getValueNode(), e, depth + 1);
                entries.add(e.toString());
                if (e.length() > MAX_LENGTH) {
                    break;
                }
            }
            entries.sort(null);
            sb.append('{').append(String.join(";", entries)).append('}');
        }
    }
}
