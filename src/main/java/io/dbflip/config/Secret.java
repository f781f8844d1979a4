package io.dbflip.config;

import io.dbflip.DbflipException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A reference to a secret: {@code env:NAME}, {@code file:PATH}, or a literal (which works but the
 * loader warns about). {@link #toString()} never shows the value; {@link #reveal()} reads it when
 * it is needed, so a missing secret is reported by the field that names it.
 */
public final class Secret {
    private final String reference;
    private final String field;
    private final Map<String, String> env;

    public Secret(String reference, String field) {
        this(reference, field, System.getenv());
    }

    public Secret(String reference, String field, Map<String, String> env) {
        this.reference = reference == null ? "" : reference;
        this.field = field;
        this.env = env;
    }

    public static Secret literal(String value) {
        return new Secret(value, "(literal)");
    }

    public boolean isLiteral() {
        return !reference.startsWith("env:") && !reference.startsWith("file:");
    }

    /** Where the secret comes from, safe to print: {@code env:NAME}, {@code file:PATH} or {@code (literal)}. */
    public String source() {
        return isLiteral() ? "(literal)" : reference;
    }

    public String field() {
        return field;
    }

    public String reveal() {
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = env.get(name);
            if (value == null) {
                throw DbflipException.usage(field + ": environment variable " + name + " is not set");
            }
            return value;
        }
        if (reference.startsWith("file:")) {
            Path path = Path.of(reference.substring(5));
            try {
                return Files.readString(path).strip();
            } catch (IOException e) {
                throw DbflipException.usage(field + ": cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return reference;
    }

    @Override
    public String toString() {
        return "Secret[" + source() + "]";
    }
}
