package io.lifeboat.core.config;

import java.nio.file.Path;
import java.util.Map;

/** Finds the config file: {@code --config} wins, else {@code $LIFEBOAT_CONFIG}, else {@code config/lifeboat.yaml}. */
public final class ConfigLocator {
    /** How the file is found, for error messages. */
    public static final String HOW = "the config is --config FILE, else $" + Defaults.CONFIG_ENV
            + ", else " + Defaults.CONFIG_FILE + " in the working directory";

    private ConfigLocator() {
    }

    public static Path locate(String cliOption, Map<String, String> env) {
        if (cliOption != null && !cliOption.isBlank()) {
            return Path.of(cliOption.strip());
        }
        String fromEnv = env.get(Defaults.CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.strip());
        }
        return Defaults.CONFIG_FILE;
    }
}
