package io.lifeboat.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code alerts:}: e-mail to operators on a backup's final failure, a failed verification, an RPO
 * breach (when it starts and when it clears) and drill reports. Credentials are named by environment
 * variable, never written here.
 *
 * @param enabled  false when the section is absent or says {@code enabled: false}: nothing is mailed (alerts are still logged)
 * @param smtp     the mail server; null when disabled
 * @param from     the sender address
 * @param to       the default recipients
 * @param rpoCheck Quartz cron of the daemon's RPO check
 */
public record AlertsConfig(boolean enabled, Smtp smtp, String from, List<String> to, String rpoCheck) {
    public static final AlertsConfig DISABLED = new AlertsConfig(false, null, null, List.of(), Defaults.RPO_CHECK);

    public AlertsConfig {
        to = List.copyOf(to);
        Objects.requireNonNull(rpoCheck, "rpoCheck");
        if (enabled && (smtp == null || from == null || to.isEmpty())) {
            throw new IllegalArgumentException("enabled alerts need smtp, from and to");
        }
    }

    /** How a connection to the SMTP server is secured. */
    public enum Security {
        /** Plain connection upgraded with STARTTLS (required), usually port 587. */
        STARTTLS(587),
        /** TLS from the first byte, usually port 465. */
        SMTPS(465),
        /** No encryption: a relay on localhost only. */
        NONE(25);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code alerts.smtp}.
     *
     * @param userEnv     the environment variable holding the SMTP user; null for no authentication
     * @param passwordEnv the environment variable holding the password; null for no authentication
     */
    public record Smtp(String host, int port, Security security, String userEnv, String passwordEnv) {
        public Smtp {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(security, "security");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if ((userEnv == null) != (passwordEnv == null)) {
                throw new IllegalArgumentException("userEnv and passwordEnv go together");
            }
        }

        public boolean authenticated() {
            return userEnv != null;
        }
    }
}
