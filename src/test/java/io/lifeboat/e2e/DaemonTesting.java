package io.lifeboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers of the daemon's end-to-end tests: a config, HTTP GETs, waiting, and a Prometheus text parser. */
final class DaemonTesting {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern META = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)");

    private DaemonTesting() {
    }

    /** A directory source with a few files, backed up on {@code schedule} into a file target. */
    static Path config(Path dir, String catalogUrl, String schedule, String daemonSection) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(data.resolve("file-" + i + ".txt"), "content " + i + "\n".repeat(i * 100));
        }
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                catalog: { url: "%1$s" }
                targets:
                  primary: { type: file, path: %2$s/var/primary }
                sources:
                  - { name: docs, type: directory, path: %3$s, schedule: "%4$s", timezone: UTC, targets: [primary], rpo: 26h }
                daemon: %5$s
                """.formatted(catalogUrl, dir, data, schedule, daemonSection));
        return config;
    }

    record Response(int status, String contentType, String body) {
    }

    static Response get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Parses the Prometheus text exposition format strictly enough for a test: every line is a comment,
     * HELP/TYPE, or a sample {@code name{labels} value}; every sample belongs to a family with a TYPE.
     * Returns the samples as {@code name{k="v",...}} (labels sorted) → value.
     */
    static Map<String, Double> parsePrometheus(String text) {
        Set<String> typed = new HashSet<>();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m = META.matcher(line);
                if (m.matches() && m.group(1).equals("TYPE")) {
                    assertThat(m.group(3)).as(line).isIn("counter", "gauge", "histogram", "summary", "untyped");
                    typed.add(m.group(2));
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a Prometheus sample line: " + line).isTrue();
            String name = m.group(1);
            assertThat(typed.stream().anyMatch(f -> name.equals(f) || name.startsWith(f + "_")))
                    .as("a TYPE line precedes " + name).isTrue();
            java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            StringBuilder key = new StringBuilder(name);
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
                key.setLength(key.length() - 1);
                key.append('}');
            }
            samples.put(key.toString(), value(m.group(4)));
        }
        return samples;
    }

    private static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
