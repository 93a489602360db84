package io.lifeboat.cli;

import io.lifeboat.core.config.ConfigLocator;
import io.lifeboat.core.config.LifeboatConfig;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Model.CommandSpec;

/** Resolves and loads the configuration for a command (validating it first). */
final class Context {
    private Context() {
    }

    static Path configPath(CommandSpec spec) {
        Main main = (Main) spec.root().userObject();
        return ConfigLocator.locate(main.config, System.getenv());
    }

    /** The configuration, read ahead while the command line was parsed ({@link ConfigPrefetch}) when it could be. */
    static LifeboatConfig load(CommandSpec spec) {
        return ConfigPrefetch.take(configPath(spec));
    }

    static Lifeboat open(CommandSpec spec) {
        return Lifeboat.open(load(spec), Clock.systemUTC());
    }
}
