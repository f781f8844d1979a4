package io.dbflip.config;

/** The kinds of value a config field holds, each with how a valid value is described in messages. */
public enum FieldType {
    STRING("a string"),
    NAME("a name: letters, digits, '-', '_' and '.', starting with a letter or digit"),
    HOST_PORT("host or host:port"),
    PORT("an integer 1-65535"),
    COUNT("an integer 0-2147483647"),
    DURATION("a duration with a unit: 250ms, 5s, 2m, 1h"),
    BOOL("true or false"),
    SECRET("env:NAME, file:PATH, or a literal (which warns)"),
    STRING_LIST("a list of strings"),
    SCALAR_MAP("a mapping of names to plain values"),
    SECTION("a mapping"),
    SECTION_LIST("a list of mappings"),
    NAMED_SECTIONS("a mapping of names to mappings");

    private final String expected;

    FieldType(String expected) {
        this.expected = expected;
    }

    public String expected() {
        return expected;
    }

    public boolean container() {
        return this == SECTION || this == SECTION_LIST || this == NAMED_SECTIONS;
    }
}
