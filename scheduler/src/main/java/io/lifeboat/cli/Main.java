package io.lifeboat.cli;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code lifeboat} command line. Every command exits non-zero with one clear line on failure. */
@Command(name = "lifeboat", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Backup and disaster-recovery orchestration.",
        subcommands = {ConfigCommand.class, BackupCommand.class, VerifyCommand.class, RestoreCommand.class,
                CatalogCommand.class, DaemonCommand.class, StatusCommand.class, CheckCommand.class, DrillCommand.class,
                ScheduleCommand.class, RetentionCommand.class, CdsTrainingCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default: $LIFEBOAT_CONFIG, else config/lifeboat.yaml).")
    String config;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, err));
        cli.setParameterExceptionHandler((e, args2) -> {
            err.println("lifeboat: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ErrorCode.USAGE.exitCode();
        });
        return cli.execute(args);
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
