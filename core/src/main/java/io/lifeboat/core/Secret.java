package io.lifeboat.core;

import java.util.Objects;

/** A secret value read from the environment. Its {@code toString()} never shows it. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "****";
    }
}
