package io.lifeboat.cli;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.ConfigException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The {@code lifeboat} command line. Every command exits non-zero with one clear line on failure. */
@Command(name = "lifeboat", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Backup and disaster-recovery orchestration.")
public final class Main {
    /**
     * The commands, in the order help lists them. Only the one named on the command line is built:
     * picocli reflects over every option of every command it is given, which took 0.18 s of each
     * start (a fifth of a single-file restore); help and unknown words get them all.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("config", ConfigCommand::new);
        m.put("backup", BackupCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("restore", RestoreCommand::new);
        m.put("catalog", CatalogCommand::new);
        m.put("daemon", DaemonCommand::new);
        m.put("status", StatusCommand::new);
        m.put("check", CheckCommand::new);
        m.put("drill", DrillCommand::new);
        m.put("schedule", ScheduleCommand::new);
        m.put("retention", RetentionCommand::new);
        m.put("cds-training", CdsTrainingCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default: $LIFEBOAT_CONFIG, else config/lifeboat.yaml).")
    String config;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ConfigPrefetch.start(args, System.getenv());
        try {
            return execute(args, out, err);
        } finally {
            ConfigPrefetch.clear();
        }
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, err));
        cli.setParameterExceptionHandler((e, args2) -> {
            err.println("lifeboat: " + e.getMessage());
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", u.getSuggestions()) + "?");
            }
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ErrorCode.USAGE.exitCode();
        });
        return cli.execute(args);
    }

    /** The command line for these arguments: the root with the command they name, or with all of them. */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        String word = commandWord(args);
        if (word != null && COMMANDS.containsKey(word) && !word.equals("help")) {
            cli.addSubcommand(word, COMMANDS.get(word).get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.getSubcommands().values().forEach(Main::addHelp);
        return cli;
    }

    /**
     * {@code -h}/{@code --help} on every command, not only on the root: {@code lifeboat backup run --help}
     * was "Unknown option", and {@code restore database --help} complained of its missing required options.
     * Not picocli's inherited standard help options ({@code scope = INHERIT}): they bring {@code -V/--version}
     * along, which {@code restore artifact --version V} already is, and picocli then leaves that command
     * without any help option.
     */
    private static void addHelp(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (!spec.optionsMap().containsKey("--help")) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        command.getSubcommands().values().forEach(Main::addHelp);
    }

    /** The first argument that is not an option (nor --config's value), or null. */
    public static String commandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    static int handle(Exception e, PrintWriter err) {
        if (e instanceof ConfigException ce) {
            err.println("lifeboat: invalid configuration, refusing to start:");
            ce.problems().forEach(p -> err.println("  " + p));
            return ce.code().exitCode();
        }
        if (e instanceof LifeboatException le) {
            err.println("lifeboat: " + le.getMessage());
            return le.code().exitCode();
        }
        err.println("lifeboat: internal error: " + e);
        org.slf4j.LoggerFactory.getLogger(Main.class).error("internal error", e);
        return ErrorCode.INTERNAL.exitCode();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lifeboat " + io.lifeboat.backup.Version.current()};
        }
    }
}
