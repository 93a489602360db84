package io.lifeboat.testing;

import io.lifeboat.core.config.S3TargetConfig;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * JUnit 5 extension: one {@code moto_server} (AWS APIs) per test class, on a free loopback port.
 *
 * <pre>
 * &#64;RegisterExtension static final MotoServer moto = new MotoServer();
 * ...
 * String bucket = moto.createBucket();
 * try (Target t = Targets.open(moto.s3Config("dr", bucket, "backups/", 0))) { ... }
 * </pre>
 *
 * Also usable as {@code @ExtendWith(MotoServer.class)} with a {@code MotoServer} test or lifecycle
 * method parameter. While it runs, the system properties {@code aws.accessKeyId} and
 * {@code aws.secretAccessKey} are {@code test}, so code using the AWS default credential chain
 * (like {@code S3Target}) reaches it without credentials in any config. Skips (fails under
 * {@code CI=true}) when {@code moto_server} is not on the PATH. Its output goes to
 * {@code <build dir>/moto-logs/<TestClass>-<port>.log}.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    public static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int users;
    private Process process;
    private int port;
    private Path logFile;
    private S3Client s3;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (users++ > 0) {
            return; // nested class of a class that started it
        }
        Path executable = findExecutable();
        Servers.requireOrSkip(executable != null,
                "moto_server (pip install 'moto[server]==5.2.1'; looked on the PATH, in $MOTO_SERVER and ~/.pyenv/shims)");
        start(executable, logDir(context.getRequiredTestClass()), context.getRequiredTestClass().getSimpleName());
        if (RUNNING.getAndIncrement() == 0) {
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--users > 0 || process == null) {
            return;
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        stop();
        if (RUNNING.decrementAndGet() == 0) {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}. */
    public URI endpoint() {
        requireRunning();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client with credentials test/test, region us-east-1 and path-style access; closed after the class. */
    public synchronized S3Client s3() {
        requireRunning();
        if (s3 == null) {
            s3 = S3Client.builder()
                    .endpointOverride(endpoint())
                    .region(Region.of(REGION))
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .build();
        }
        return s3;
    }

    /** Creates the bucket and returns its name. */
    public String createBucket(String name) {
        s3().createBucket(b -> b.bucket(name));
        return name;
    }

    /** Creates a bucket with a fresh unique name and returns it. */
    public String createBucket() {
        return createBucket(uniqueBucketName());
    }

    /** Creates a bucket with Object Lock enabled (and so versioning) and returns its name. */
    public String createObjectLockBucket(String name) {
        s3().createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
        return name;
    }

    /** Forgets every bucket, object and resource ({@code POST /moto-api/reset}). */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed; see " + logFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A config for {@code Targets.open}: this server, path style, credentials from the default chain. */
    public S3TargetConfig s3Config(String targetName, String bucket, String prefix, int partSize) {
        return new S3TargetConfig(targetName, bucket, REGION, prefix, endpoint(), true, null, null, null, partSize);
    }

    public int port() {
        requireRunning();
        return port;
    }

    /** Where moto_server's output goes. */
    public Path logFile() {
        return logFile;
    }

    public static String uniqueBucketName() {
        return "lb-test-" + BUCKETS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void start(Path executable, Path logDir, String testName) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            logFile = logDir.resolve(testName + "-" + port + ".log");
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().put("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
            process = builder.start();
            if (awaitReady()) {
                return;
            }
            String log = tail(logFile);
            stop();
            if (attempt == 3 || !log.contains("in use")) {
                throw new IllegalStateException("moto_server did not answer on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s; its log " + logFile + " ends with:\n" + log);
            }
        }
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/moto-api/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        return false;
    }

    private void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void requireRunning() {
        if (process == null) {
            throw new IllegalStateException("moto_server is not running: register MotoServer as a static "
                    + "@RegisterExtension field or with @ExtendWith, and use it from tests");
        }
    }

    /** {@code $MOTO_SERVER}, else {@code moto_server} on the PATH, else in the usual pip/pyenv folders. */
    private static Path findExecutable() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getenv("MOTO_SERVER");
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            candidates.add(Path.of(dir.isEmpty() ? "." : dir, "moto_server"));
        }
        String home = System.getProperty("user.home");
        candidates.add(Path.of(home, ".pyenv", "shims", "moto_server"));
        candidates.add(Path.of(home, ".local", "bin", "moto_server"));
        candidates.add(Path.of("/usr/local/bin/moto_server"));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst().orElse(null);
    }

    /** {@code <build dir>/moto-logs}: the test class lives in {@code <build dir>/test-classes}. */
    private static Path logDir(Class<?> testClass) {
        try {
            Path classes = Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("moto-logs");
        } catch (Exception e) {
            return Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-moto-logs");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return process == null ? "moto_server (stopped)" : "moto_server on port " + port;
    }
}
