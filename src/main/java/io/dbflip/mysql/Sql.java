package io.dbflip.mysql;

/**
 * One statement to run, and the form of it that is safe to print (passwords masked).
 */
public record Sql(String text, String display) {
    /** What a masked value prints as. */
    public static final String MASK = "'***'";

    public static Sql of(String text) {
        return new Sql(text, text);
    }

    /**
     * A statement built from a template where {@code {secret}} stands for one secret value: the text
     * carries it as an escaped literal, the display form as {@code '***'}.
     */
    public static Sql withSecret(String template, String secret) {
        return new Sql(template.replace("{secret}", Quote.string(secret)), template.replace("{secret}", MASK));
    }

    public boolean hasSecret() {
        return !text.equals(display);
    }

    /**
     * Remove the secret from a message about this statement (a server's syntax error echoes the
     * statement "near ..."), so that no password reaches a log or an exception.
     */
    public String scrub(String message) {
        if (message == null || !hasSecret()) {
            return message;
        }
        int prefix = 0;
        while (prefix < text.length() && prefix < display.length() && text.charAt(prefix) == display.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < text.length() - prefix && suffix < display.length() - prefix
                && text.charAt(text.length() - 1 - suffix) == display.charAt(display.length() - 1 - suffix)) {
            suffix++;
        }
        String literal = text.substring(prefix, text.length() - suffix);
        if (literal.isEmpty()) {
            return message;
        }
        // the literal as the server received it (escaped), and unescaped as a driver might echo it
        String scrubbed = message.replace(literal, "***");
        String plain = literal.replace("''", "'").replace("\\\\", "\\");
        if (!plain.isEmpty()) {
            scrubbed = scrubbed.replace(plain, "***");
        }
        return scrubbed;
    }

    @Override
    public String toString() {
        return display;
    }
}
