package io.dbflip.config;

import java.util.List;

/**
 * One config field, declared once: the loader validates with it and {@code dbflip config reference}
 * prints it. Paths use {@code []} for list items and {@code *} for names the user chooses
 * ({@code clusters[].sides[].port}, {@code dns_providers.*.type}).
 *
 * @param defaultValue the value when the field is absent, as it would be written in YAML; null when none
 * @param allowed      the only values accepted; empty when any value of the type is accepted
 */
public record ConfigField(String path, FieldType type, boolean required, String defaultValue,
                          List<String> allowed, String description) {

    /** The field's own key: the last segment of its path. */
    public String key() {
        String p = path.endsWith("[]") ? path.substring(0, path.length() - 2) : path;
        int dot = p.lastIndexOf('.');
        return dot < 0 ? p : p.substring(dot + 1);
    }

    /** The path of the section that holds this field, "" for top-level fields. */
    public String parent() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** What a valid value looks like, for messages and the reference. */
    public String expected() {
        if (!allowed.isEmpty()) {
            return "one of: " + String.join(", ", allowed);
        }
        return type.expected();
    }
}
