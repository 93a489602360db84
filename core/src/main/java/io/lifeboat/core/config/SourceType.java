package io.lifeboat.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of source; the config's {@code type:} is the lower-case name. */
public enum SourceType {
    DIRECTORY, ARTIFACTS, LOGS;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(name)).findFirst();
    }
}
