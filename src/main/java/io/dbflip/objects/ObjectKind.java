package io.dbflip.objects;

/** The kinds of object dbflip carries, in the order they must be created on a target. */
public enum ObjectKind {
    ROLE("roles"),
    USER("users"),
    PROCEDURE("routines"),
    FUNCTION("routines"),
    VIEW("views"),
    TRIGGER("triggers"),
    EVENT("events");

    private final String directory;

    ObjectKind(String directory) {
        this.directory = directory;
    }

    /** The dump sub-directory of this kind. */
    public String directory() {
        return directory;
    }

    public boolean account() {
        return this == USER || this == ROLE;
    }
}
