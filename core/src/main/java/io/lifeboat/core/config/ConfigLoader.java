package io.lifeboat.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code lifeboat.yaml} into a {@link LifeboatConfig}, checking everything at once: the YAML
 * is parsed into a tree and walked by hand, so that each problem names its place
 * ({@code sources[1].schedule}) and all of them are reported together in one {@link ConfigException}.
 * Relative paths are resolved against the working directory.
 */
public final class ConfigLoader {
    private static final List<String> ROOT_KEYS = List.of("catalog", "targets", "sources", "daemon", "alerts");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /** Loads the config, resolving relative paths against the current working directory. */
    public static LifeboatConfig load(Path file) {
        return load(file, Path.of("").toAbsolutePath());
    }

    /** Loads the config, resolving relative paths (and {@code file} itself) against {@code workingDir}. */
    public static LifeboatConfig load(Path file, Path workingDir) {
        String text = read(file, workingDir.resolve(file));
        JsonNode root = parse(file, text);
        return build(file, root, workingDir);
    }

    private static String read(Path file, Path resolved) {
        try {
            if (Files.isDirectory(resolved)) {
                throw problem(file, resolved + " is a directory, not a config file; " + ConfigLocator.HOW, null);
            }
            return Files.readString(resolved);
        } catch (NoSuchFileException e) {
            throw problem(file, "no such file " + resolved + "; " + ConfigLocator.HOW, e);
        } catch (CharacterCodingException e) {
            throw problem(file, "is not UTF-8 text", e);
        } catch (IOException e) {
            throw problem(file, "cannot read " + resolved + " (" + e + ")", e);
        }
    }

    private static JsonNode parse(Path file, String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, List.of(syntaxProblem(e)), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()
                || root.isTextual() && root.asText().isBlank()) {
            throw problem(file, "the file is empty; a config needs at least targets and sources", null);
        }
        if (!root.isObject()) {
            throw problem(file, "expected a mapping with catalog, targets and sources, got " + Fields.describe(root), null);
        }
        return root;
    }

    private static ConfigProblem syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String context = marked.getContext() == null || marked.getContextMark() == null ? ""
                    : " (" + marked.getContext() + " at " + position(marked.getContextMark()) + ")";
            return new ConfigProblem(position(marked.getProblemMark()),
                    "YAML syntax error: " + marked.getProblem() + context);
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field ")) {
            message = "duplicate key " + message.substring("Duplicate field ".length()).replace('\'', '"');
            return new ConfigProblem("line " + e.getLocation().getLineNr(), message);
        }
        return new ConfigProblem(e.getLocation() == null ? "YAML"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
                "YAML syntax error: " + message);
    }

    private static String position(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static LifeboatConfig build(Path file, JsonNode root, Path workingDir) {
        Problems problems = new Problems();
        Secrets.scan(root, "", problems);
        Fields fields = new Fields(root, "", problems);
        fields.allowOnly(ROOT_KEYS);
        CatalogConfig catalog = CatalogSection.read(fields, workingDir);
        List<String> targetNames = new ArrayList<>();
        Map<String, TargetConfig> targets = TargetsSection.read(fields, workingDir, targetNames);
        List<SourceConfig> sources = SourcesSection.read(fields, workingDir, targetNames);
        DaemonConfig daemon = DaemonSection.read(fields);
        DaemonSection.checkCluster(fields, daemon, catalog);
        AlertsConfig alerts = AlertsSection.read(fields);
        if (!problems.isEmpty()) {
            throw new ConfigException(file, problems.all());
        }
        return new LifeboatConfig(file, catalog, targets, sources, daemon, alerts);
    }

    private static ConfigException problem(Path file, String message, Throwable cause) {
        return new ConfigException(file, List.of(new ConfigProblem(file.toString(), message)), cause);
    }
}
