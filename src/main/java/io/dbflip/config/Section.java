package io.dbflip.config;

import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping read against {@link ConfigFields}: it reports unknown keys (with a suggestion),
 * duplicate keys and missing required fields when made, and its getters convert a field's value,
 * report a wrong one with its line and path, and fall back to the declared default.
 * Getters never throw: a bad value is reported and read as absent, so every error is collected.
 */
final class Section {
    /** Mapping entries read per file, aliases expanded: bounds the work an alias bomb can cause. */
    static final int BUDGET = 200_000;

    final LoadContext ctx;
    final String schema;
    final String path;
    final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Section(LoadContext ctx, String schema, String path, MappingNode node) {
        this.ctx = ctx;
        this.schema = schema;
        this.path = path;
        this.node = node;
        if (!ctx.spend(node.getValue().size(), line(node))) {
            return;
        }
        Map<String, ConfigField> known = ConfigFields.childrenByKey(schema);
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                ctx.error(line(t.getKeyNode()), path, "a key is " + kind(t.getKeyNode()) + " (plain names as keys)");
                continue;
            }
            String key = keyNode.getValue();
            NodeTuple first = entries.get(key);
            if (first != null) {
                ctx.error(line(keyNode), child(key), "duplicate key (first at line " + line(first.getKeyNode()) + ")");
            } else if (!known.containsKey(key)) {
                String guess = Suggest.closest(key, known.keySet());
                ctx.error(line(keyNode), child(key), "unknown field (" + (guess != null ? "did you mean \"" + guess + "\"?"
                        : "known here: " + String.join(", ", known.keySet())) + ")");
            } else {
                entries.put(key, t);
            }
        }
        for (ConfigField f : known.values()) {
            if (f.required() && value(f.key()) == null) {
                ctx.error(line(node), child(f.key()), "missing (" + f.expected() + ")");
            }
        }
    }

    /** The node as a section, or null (and an error) when it is not a mapping; an absent node is null silently. */
    static Section of(LoadContext ctx, String schema, String path, Node node) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (node instanceof MappingNode m) {
            return new Section(ctx, schema, path, m);
        }
        ConfigField f = ConfigFields.get(schema);
        ctx.error(line(node), path, "is " + kind(node) + ", not a mapping (" + (f == null ? "a mapping" : f.expected()) + ")");
        return null;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigField field(String key) {
        ConfigField f = ConfigFields.get(schema.isEmpty() ? key : schema + "." + key);
        if (f == null) {
            throw new IllegalStateException("undeclared config field " + schema + "." + key);
        }
        return f;
    }

    /** The value node of a key, null when absent or null ({@code key:} or {@code key: ~}). */
    Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    boolean has(String key) {
        return value(key) != null;
    }

    int line() {
        return line(node);
    }

    /** The line of a key's value, or of the section when the key is absent. */
    int line(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line(node) : line(isNull(t.getValueNode()) ? t.getKeyNode() : t.getValueNode());
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** A plain value as text, the default when absent; null after an error. Checks allowed values and names. */
    String text(String key) {
        ConfigField f = field(key);
        Node v = value(key);
        if (v == null) {
            return f.defaultValue();
        }
        if (!(v instanceof ScalarNode s)) {
            ctx.error(line(v), child(key), "is " + kind(v) + ", not a plain value (" + f.expected() + ")");
            return null;
        }
        String text = s.getValue();
        if (!f.allowed().isEmpty() && !f.allowed().contains(text)) {
            String guess = Suggest.closest(text, f.allowed());
            ctx.error(line(v), child(key), Problems.show(text) + " is not allowed (" + f.expected()
                    + (guess == null ? "" : "; did you mean \"" + guess + "\"?") + ")");
            return null;
        }
        String bad = Values.check(f.type(), text);
        if (bad != null) {
            ctx.error(line(v), child(key), Problems.show(text) + " " + bad + " (" + f.expected() + ")");
            return null;
        }
        return text;
    }

    /**
     * A plain field as the Java type its declaration reads as ({@link Values#convert}), the default when absent,
     * null after an error.
     */
    <T> T typed(String key, Class<T> javaType) {
        String t = text(key);
        return t == null ? null : javaType.cast(Values.convert(field(key).type(), t));
    }

    /** A PORT or COUNT field as an int, the default when absent, null after an error. */
    Integer integer(String key) {
        return typed(key, Integer.class);
    }

    Boolean bool(String key) {
        return typed(key, Boolean.class);
    }

    /** A secret reference; a literal works and warns, without ever showing the value. */
    Secret secret(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            ctx.error(line(v), child(key), "is " + kind(v) + ", not a secret (" + field(key).expected() + ")");
            return null;
        }
        String ref = s.getValue();
        String where = ctx.file() + ":" + line(v) + ": " + child(key);
        if ((ref.startsWith("env:") && ref.length() == 4) || (ref.startsWith("file:") && ref.length() == 5)) {
            ctx.error(line(v), child(key), Problems.show(ref) + " names nothing (env:NAME or file:PATH)");
            return null;
        }
        Secret secret = new Secret(ref, where, ctx.env());
        if (secret.isLiteral()) {
            ctx.warn(line(v), child(key), "literal secret; use env:NAME or file:PATH");
        }
        return secret;
    }

    /** A list of plain values; a single plain value is a list of one. */
    List<String> strings(String key) {
        Node v = value(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<Node> items = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            if (item instanceof ScalarNode s && !isNull(s)) {
                out.add(s.getValue());
            } else {
                String at = v instanceof SequenceNode ? child(key) + "[" + i + "]" : child(key);
                ctx.error(line(item), at, "is " + kind(item) + " (" + field(key).expected() + ")");
            }
        }
        return out;
    }

    /** A mapping of names to plain values, read as strings (a null value is ""). */
    Map<String, String> scalars(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        MappingNode m = collection(key, MappingNode.class, "a mapping");
        if (m == null) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || !(t.getValueNode() instanceof ScalarNode s)) {
                ctx.error(line(t.getKeyNode()), child(key), "an entry is not name: value (" + field(key).expected() + ")");
            } else if (out.containsKey(k.getValue())) {
                ctx.error(line(k), child(key) + "." + k.getValue(), "duplicate key");
            } else {
                out.put(k.getValue(), isNull(s) ? "" : s.getValue());
            }
        }
        return out;
    }

    Section section(String key) {
        field(key);
        return of(ctx, schemaOf(key), child(key), value(key));
    }

    /** The items of a list of mappings; items that are not mappings are reported and left out. */
    List<Section> sections(String key) {
        List<Section> out = new ArrayList<>();
        SequenceNode seq = collection(key, SequenceNode.class, "a list");
        if (seq == null) {
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            Section s = of(ctx, schemaOf(key) + "[]", child(key) + "[" + i + "]", item);
            if (s != null) {
                out.add(s);
            } else if (isNull(item)) {
                ctx.error(line(item), child(key) + "[" + i + "]", "is empty (a mapping)");
            }
        }
        return out;
    }

    /** A mapping of user-chosen names to sections, in file order. */
    Map<String, Section> named(String key) {
        Map<String, Section> out = new LinkedHashMap<>();
        MappingNode m = collection(key, MappingNode.class, "a mapping");
        if (m == null) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                ctx.error(line(t.getKeyNode()), child(key), "a key is " + kind(t.getKeyNode()) + " (plain names as keys)");
                continue;
            }
            String name = k.getValue();
            if (out.containsKey(name)) {
                ctx.error(line(k), child(key) + "." + name, "duplicate key");
                continue;
            }
            Section s = of(ctx, schemaOf(key) + ".*", child(key) + "." + name, t.getValueNode());
            if (s != null) {
                out.put(name, s);
            } else if (isNull(t.getValueNode())) {
                ctx.error(line(k), child(key) + "." + name, "is empty (a mapping)");
            }
        }
        return out;
    }

    /**
     * A key's value as a mapping or a list, its entries counted against the budget; null when absent, or
     * (reported) when it is something else.
     */
    private <N extends CollectionNode<?>> N collection(String key, Class<N> kind, String expected) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!kind.isInstance(v)) {
            ctx.error(line(v), child(key), "is " + kind(v) + ", not " + expected + " (" + field(key).expected() + ")");
            return null;
        }
        N n = kind.cast(v);
        ctx.spend(n.getValue().size(), line(v));
        return n;
    }

    private String schemaOf(String key) {
        return schema.isEmpty() ? key : schema + "." + key;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "empty" : "a plain value";
    }
}
