package io.lifeboat.backup;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.core.config.TargetConfig;
import io.lifeboat.core.storage.Target;
import io.lifeboat.core.storage.Targets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The configured targets, opened on first use and closed together. */
public final class TargetRegistry implements AutoCloseable {
    private final Map<String, TargetConfig> configs;
    private final Function<TargetConfig, Target> opener;
    private final Map<String, Target> open = new LinkedHashMap<>();

    public TargetRegistry(LifeboatConfig config) {
        this(config.targets(), Targets::open);
    }

    public TargetRegistry(Map<String, TargetConfig> configs, Function<TargetConfig, Target> opener) {
        this.configs = Map.copyOf(configs);
        this.opener = opener;
    }

    public synchronized Target get(String name) {
        Target t = open.get(name);
        if (t == null) {
            TargetConfig cfg = configs.get(name);
            if (cfg == null) {
                throw new LifeboatException(ErrorCode.USAGE,
                        "no target named \"" + name + "\" (known: " + String.join(", ", configs.keySet()) + ")");
            }
            t = opener.apply(cfg);
            open.put(name, t);
        }
        return t;
    }

    public List<String> names() {
        return List.copyOf(configs.keySet());
    }

    @Override
    public synchronized void close() {
        List<Target> targets = new ArrayList<>(open.values());
        Collections.reverse(targets);
        for (Target t : targets) {
            t.close();
        }
        open.clear();
    }
}
