package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the start-up work must not change: every command is still there (only the named one is
 * built), logging still goes to stderr at WARN, and the launcher's JIT settings leave stdout to the
 * command (the VM announces compiler directives on its own stdout).
 */
class CliStartupE2eTest {
    private static final List<String> COMMANDS = List.of("config", "backup", "verify", "restore", "catalog", "daemon",
            "status", "check", "drill", "schedule", "retention", "help");

    @TempDir
    Path dir;

    @Test
    void helpListsEveryCommandAndAnUnknownWordIsAUsageError() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        for (String c : COMMANDS) {
            assertThat(help.out()).containsPattern("(?m)^  " + c + "\\s");
        }
        assertThat(run("help", "restore").out()).contains("files", "database", "logs", "artifact", "status");

        Run typo = run("bakup", "list");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("'bakup'").contains("Did you mean: backup?");
    }

    @Test
    void theCommandIsFoundAfterOptionsAndTheirValues() throws IOException {
        Path config = DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"), "0 0 3 * * ?", "{}");

        Run before = run("--config", config.toString(), "backup", "list", "--json");
        Run equalsForm = run("--config=" + config, "backup", "list", "--json");

        assertThat(before.code()).as(before.err()).isZero();
        assertThat(before.out().strip()).isEqualTo("[ ]");
        assertThat(equalsForm.code()).as(equalsForm.err()).isZero();
        assertThat(Main.commandWord(new String[] {"--config", "restore", "backup", "list"})).isEqualTo("backup");
        assertThat(Main.commandWord(new String[] {"-h"})).isNull();
    }

    @Test
    void logsGoToStderrAtWarnUnlessRaised() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        assertThat(root.getAppender("STDERR")).as("set up by io.lifeboat.cli.LogSetup").isNotNull();
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.ERROR);
        assertThat(io.lifeboat.cli.LogSetup.rootLevel(null)).isEqualTo(Level.WARN);
        assertThat(io.lifeboat.cli.LogSetup.rootLevel(" debug ")).isEqualTo(Level.DEBUG);
        assertThat(io.lifeboat.cli.LogSetup.rootLevel("chatty")).isEqualTo(Level.WARN);
        assertThat(io.lifeboat.cli.LogSetup.levelProblem("chatty"))
                .isEqualTo("LIFEBOAT_LOG_LEVEL=chatty is not a log level; use one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"
                        + " (logging at WARN meanwhile)");
        assertThat(io.lifeboat.cli.LogSetup.levelProblem("info")).isNull();
        assertThat(io.lifeboat.cli.LogSetup.levelProblem(null)).isNull();
    }

    @Test
    void theLaunchersJitSettingsStartTheVmAndKeepStdoutToTheCommand() throws Exception {
        Path root = Repository.ROOT;
        String launcher = Files.readString(root.resolve("lifeboat"));
        Matcher jit = Pattern.compile("(?m)^\\s*jit=\\((-.*)\\)\\s*$").matcher(launcher);
        assertThat(jit.find()).as("the launcher sets jit=(...)").isTrue();
        Matcher file = Pattern.compile("(?m)^directives=\"\\$here/(.*)\"\\s*$").matcher(launcher);
        assertThat(file.find()).as("the launcher names its directives file").isTrue();
        Path directives = root.resolve(file.group(1));
        assertThat(directives).isRegularFile();
        Path config = DaemonTesting.config(dir, "jdbc:h2:file:" + dir.resolve("var/catalog"), "0 0 3 * * ?", "{}");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String flag : jit.group(1).split("\\s+")) {
            command.add(flag.replace("\"$directives\"", directives.toString()));
        }
        command.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.lifeboat.cli.Main",
                "backup", "list", "--json", "--config", config.toString()));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("stderr").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as("stderr: %s", Files.readString(dir.resolve("stderr"))).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.isArray()).as("stdout is the command's JSON alone: %s", out).isTrue();
        assertThat(out).doesNotContain("directives");
    }

    @Test
    void anUnknownLifeboatJitIsOneLineAndExit2BeforeAnythingIsBuilt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Repository.ROOT.resolve("lifeboat").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("LIFEBOAT_JIT", "c1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).isEqualTo("lifeboat: LIFEBOAT_JIT=c1 is not understood; set LIFEBOAT_JIT=full for the full JIT,"
                + " or unset it\n");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
