package io.lifeboat.core.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while the config is read, so that every one is reported together. */
final class Problems {
    private final List<ConfigProblem> list = new ArrayList<>();

    void add(String where, String message) {
        list.add(new ConfigProblem(where, message));
    }

    int count() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<ConfigProblem> all() {
        return List.copyOf(list);
    }
}
