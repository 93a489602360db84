package io.lifeboat.alerts;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.alerts.Alert;
import io.lifeboat.core.alerts.Notifier;
import io.lifeboat.core.config.AlertsConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts by e-mail (Jakarta Mail, Eclipse Angus). {@link #send} only queues: one worker thread delivers,
 * retrying a failed delivery with exponential backoff, so that a mail server that is down never stops
 * or delays a backup. Every delivery, retry and give-up is logged; a full queue drops (and logs) the newest.
 */
public final class MailNotifier implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailNotifier.class);
    private static final int MAX_QUEUED = 500;
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);

    /** How deliveries are retried: {@code attempts} in all, waits doubling from {@code initialDelay} up to {@code maxDelay}. */
    public record Delivery(int attempts, Duration initialDelay, Duration maxDelay) {
        public static final Delivery DEFAULT = new Delivery(8, Duration.ofSeconds(5), Duration.ofMinutes(10));

        Duration delayAfter(int attempt) {
            Duration d = initialDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }
    }

    /** What happened to the alerts so far (tests, diagnostics). */
    public record Stats(int delivered, int failedAttempts, int givenUp, int queued) {
    }

    private final AlertsConfig config;
    private final Session session;
    private final String protocol;
    private final Delivery delivery;
    private final ScheduledExecutorService worker;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();

    private MailNotifier(AlertsConfig config, Session session, String protocol, Delivery delivery) {
        this.config = config;
        this.session = session;
        this.protocol = protocol;
        this.delivery = delivery;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lifeboat-mail");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = executor;
    }

    /**
     * A notifier for enabled {@code alerts:}. Fails ({@code CONFIG_INVALID}) when a variable named by
     * {@code userEnv}/{@code passwordEnv} is not set; the message names the variable, never a value.
     */
    public static MailNotifier create(AlertsConfig config, Function<String, String> env, Delivery delivery) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("alerts are disabled");
        }
        AlertsConfig.Smtp smtp = config.smtp();
        String protocol = smtp.security() == AlertsConfig.Security.SMTPS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(p + "host", smtp.host());
        props.setProperty(p + "port", Integer.toString(smtp.port()));
        props.setProperty(p + "connectiontimeout", Long.toString(SOCKET_TIMEOUT.toMillis()));
        props.setProperty(p + "timeout", Long.toString(SOCKET_TIMEOUT.toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(SOCKET_TIMEOUT.toMillis()));
        props.setProperty(p + "from", config.from());
        if (smtp.security() == AlertsConfig.Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (smtp.security() != AlertsConfig.Security.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        Authenticator auth = null;
        if (smtp.authenticated()) {
            String user = required(env, smtp.userEnv(), "userEnv");
            String password = required(env, smtp.passwordEnv(), "passwordEnv");
            props.setProperty(p + "auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        return new MailNotifier(config, Session.getInstance(props, auth), protocol, delivery);
    }

    private static String required(Function<String, String> env, String name, String key) {
        String value = env.apply(name);
        if (value == null || value.isEmpty()) {
            throw new LifeboatException(ErrorCode.CONFIG_INVALID, "alerts.smtp." + key + " names the environment variable "
                    + name + ", which is not set (set it, or remove userEnv and passwordEnv for a server without authentication)");
        }
        return value;
    }

    @Override
    public void send(Alert alert) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            givenUp.incrementAndGet();
            LOG.error("alert not sent, {} alerts already waiting for the mail server: {}", MAX_QUEUED, alert.subject());
            return;
        }
        LOG.info("alert queued: {}", alert.subject());
        try {
            worker.execute(() -> attempt(alert, 1));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.decrementAndGet();
            LOG.error("alert not sent, the daemon is stopping: {}", alert.subject());
        }
    }

    private void attempt(Alert alert, int attempt) {
        List<String> to = alert.to().isEmpty() ? config.to() : alert.to();
        try {
            Transport.send(message(alert, to));
            queued.decrementAndGet();
            delivered.incrementAndGet();
            LOG.info("alert sent to {}: {}", to, alert.subject());
        } catch (MessagingException | RuntimeException e) {
            failedAttempts.incrementAndGet();
            String why = describe(e);
            if (attempt >= delivery.attempts() || permanent(e)) {
                queued.decrementAndGet();
                givenUp.incrementAndGet();
                LOG.error("alert NOT sent after {} attempt(s) ({} {}:{}){}: {}: {}", attempt, protocol, config.smtp().host(),
                        config.smtp().port(), permanent(e) ? ", a permanent error (check alerts.smtp and the addresses)" : "",
                        alert.subject(), why);
                return;
            }
            Duration wait = delivery.delayAfter(attempt);
            LOG.warn("sending alert failed (attempt {}/{}, {} {}:{}): {}; retrying in {}: {}", attempt, delivery.attempts(),
                    protocol, config.smtp().host(), config.smtp().port(), why, wait, alert.subject());
            try {
                worker.schedule(() -> attempt(alert, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                queued.decrementAndGet();
                LOG.error("alert not sent, the daemon is stopping: {}", alert.subject());
            }
        }
    }

    /** Wrong credentials or refused addresses do not get better by waiting. */
    private static boolean permanent(Exception e) {
        return e instanceof jakarta.mail.AuthenticationFailedException
                || e instanceof jakarta.mail.SendFailedException sf && sf.getInvalidAddresses() != null
                        && sf.getInvalidAddresses().length > 0
                || e instanceof jakarta.mail.internet.AddressException;
    }

    private MimeMessage message(Alert alert, List<String> to) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(config.from()));
        for (String address : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        m.setSubject(alert.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader("X-Lifeboat-Alert", alert.kind().name());
        if (alert.source() != null) {
            m.setHeader("X-Lifeboat-Source", alert.source());
        }
        if (alert.html() == null) {
            m.setText(alert.text(), StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(alert.text(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(alert.html(), "text/html; charset=UTF-8");
            m.setContent(new MimeMultipart("alternative", text, html));
        }
        return m;
    }

    private static String describe(Exception e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && s.length() < 500; c = c.getCause()) {
            s.append(": ").append(c.getMessage());
        }
        return s.toString().replaceAll("\\s+", " ");
    }

    public Stats stats() {
        return new Stats(delivered.get(), failedAttempts.get(), givenUp.get(), queued.get());
    }

    /** Stops: waits up to {@code grace} for alerts being sent now; queued retries are dropped (and logged). */
    public void close(Duration grace) {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        int left = queued.get();
        if (left > 0) {
            LOG.error("{} alert(s) not sent before the daemon stopped (see the warnings above)", left);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
