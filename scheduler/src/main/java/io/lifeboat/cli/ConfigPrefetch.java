package io.lifeboat.cli;

import io.lifeboat.core.Beside;
import io.lifeboat.core.config.ConfigLoader;
import io.lifeboat.core.config.ConfigLocator;
import io.lifeboat.core.config.LifeboatConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and checks the configuration file on a thread of its own while picocli builds and parses
 * the command line: the two took 0.15 s each, one after the other, at the start of every command.
 * Reading the file has no side effect, so a guess that turns out unused or wrong costs nothing but
 * the other core's time: the command's own {@link #take} uses the prefetched result only when the
 * file it resolves is the one read ahead, and loads it itself otherwise.
 *
 * <p>Per thread: {@link Main#run} may run commands one after another (tests, the class-data
 * workout), each with its own prefetch.
 */
final class ConfigPrefetch {
    private static final ThreadLocal<ConfigPrefetch> CURRENT = new ThreadLocal<>();

    private final Path path;
    private final Beside<LifeboatConfig> read;

    private ConfigPrefetch(Path path) {
        this.path = path;
        this.read = Beside.start("lifeboat-config-read", () -> ConfigLoader.load(path));
    }

    /** Starts reading the file {@code args} and {@code env} point at, for a command that has a word. */
    static void start(String[] args, Map<String, String> env) {
        CURRENT.remove();
        String word = Main.commandWord(args);
        if (word == null || word.equals("help")) {
            return;
        }
        CURRENT.set(new ConfigPrefetch(ConfigLocator.locate(configOption(args), env)));
    }

    /** Waits until this thread's prefetch (if any) has read the file; for tests. */
    static void awaitRead() {
        ConfigPrefetch p = CURRENT.get();
        if (p != null) {
            p.read.settle();
        }
    }

    /** Forgets this thread's prefetch (the command has ended). */
    static void clear() {
        CURRENT.remove();
    }

    /** The configuration at {@code path}: the prefetched one (or its failure) when it is that file. */
    static LifeboatConfig take(Path path) {
        ConfigPrefetch p = CURRENT.get();
        CURRENT.remove();
        if (p == null || !p.path.equals(path)) {
            return ConfigLoader.load(path);
        }
        return p.read.join(RuntimeException.class); // a ConfigException with every problem, as a direct load throws it
    }

    /** The value of {@code --config} as picocli will read it ({@code --config FILE} or {@code --config=FILE}). */
    static String configOption(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith("--config=")) {
                value = args[i].substring("--config=".length());
            } else if (args[i].equals("--")) {
                break;
            }
        }
        return value;
    }
}
