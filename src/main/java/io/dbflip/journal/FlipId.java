package io.dbflip.journal;

import java.util.UUID;

/** The id of one flip in the journal; made by the client, so {@code begin} costs one insert. */
public record FlipId(String value) {
    public FlipId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("flip id is empty");
        }
    }

    static FlipId random() {
        return new FlipId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
