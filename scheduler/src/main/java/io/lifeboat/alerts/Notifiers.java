package io.lifeboat.alerts;

import io.lifeboat.core.alerts.Notifier;
import io.lifeboat.core.config.AlertsConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The notifier a config asks for: e-mail when {@code alerts:} is enabled, else one that only logs. */
public final class Notifiers {
    private static final Logger LOG = LoggerFactory.getLogger(Notifiers.class);

    /** Logs each alert's subject, sends nothing: {@code alerts:} is absent or disabled. */
    public static final Notifier LOG_ONLY = alert -> LOG.warn("alert (not mailed: no alerts section in the config): {}",
            alert.subject());

    private Notifiers() {
    }

    /**
     * The notifier of {@code config}; close it (when it is {@link AutoCloseable}) on the way out. Fails
     * ({@code CONFIG_INVALID}) when a variable named by {@code userEnv}/{@code passwordEnv} is not set.
     */
    public static Notifier fromConfig(AlertsConfig config, Function<String, String> env, MailNotifier.Delivery delivery) {
        return config.enabled() ? MailNotifier.create(config, env, delivery) : LOG_ONLY;
    }

    /** Closes a notifier made by {@link #fromConfig}, giving mails being sent a few seconds. */
    public static void close(Notifier notifier) {
        if (notifier instanceof MailNotifier mail) {
            mail.close();
        }
    }

    /** This host's name, for the signature of alerts. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unknown host";
        }
    }
}
