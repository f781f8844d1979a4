package io.dbflip.mysql;

/**
 * One statement to run, and the form of it that is safe to print (passwords masked).
 */
public record Sql(String text, String display) {
    public static Sql of(String text) {
        return new Sql(text, text);
    }

    @Override
    public String toString() {
        return display;
    }
}
