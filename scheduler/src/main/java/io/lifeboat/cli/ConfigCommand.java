package io.lifeboat.cli;

import io.lifeboat.core.config.ConfigSummary;
import io.lifeboat.core.config.LifeboatConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "config", description = "Configuration commands.", subcommands = ConfigCommand.Validate.class)
final class ConfigCommand {
    @Command(name = "validate", description = "Check the config and name every problem (exit 2 when invalid).")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LifeboatConfig config = Context.load(spec);
            spec.commandLine().getOut().println(ConfigSummary.of(config));
            return 0;
        }
    }
}
