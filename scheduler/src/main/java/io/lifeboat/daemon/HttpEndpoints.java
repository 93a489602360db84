package io.lifeboat.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.DaemonConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /health} (200 or 503 with a JSON body) and {@code /metrics} (Prometheus text) on the JDK's HTTP server. */
final class HttpEndpoints implements AutoCloseable {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The health document and whether it is healthy. */
    record Health(boolean healthy, Map<String, Object> details) {
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static HttpEndpoints start(DaemonConfig config, Supplier<Health> health, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.httpHost(), config.httpPort()), 16);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.USAGE, "cannot listen on " + config.http() + " for /health and /metrics: "
                    + e.getMessage() + " (another daemon running? change daemon.http in the config)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "lifeboat-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", ex -> respond(ex, () -> {
            Health h = health.get();
            return new Reply(h.healthy() ? 200 : 503, "application/json", JSON.writeValueAsString(h.details()) + "\n");
        }));
        server.createContext("/metrics", ex -> respond(ex, () -> new Reply(200, PROMETHEUS_TEXT, metrics.get())));
        server.start();
        LOG.info("serving /health and /metrics on http://{}", hostPort(server.getAddress()));
        return new HttpEndpoints(server, executor);
    }

    private record Reply(int status, String type, String body) {
    }

    private interface Handler {
        Reply handle() throws IOException;
    }

    private static void respond(HttpExchange ex, Handler handler) throws IOException {
        try (ex) {
            Reply reply;
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                reply = new Reply(405, "text/plain; charset=utf-8", "use GET\n");
            } else {
                try {
                    reply = handler.handle();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed: {}", ex.getRequestURI(), e.getMessage(), e);
                    reply = new Reply(500, "text/plain; charset=utf-8", "internal error: " + e.getMessage() + "\n");
                }
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", reply.type());
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(reply.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The bound port (useful when the config asked for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
