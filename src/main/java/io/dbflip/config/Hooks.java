package io.dbflip.config;

import java.util.List;

/** Executables run before and after a flip; a non-zero exit of a pre-flip hook aborts it. */
public record Hooks(List<String> preFlip, List<String> postFlip) {
    public static final Hooks NONE = new Hooks(List.of(), List.of());
}
