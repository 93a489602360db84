package io.lifeboat.core.config;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code alerts: { enabled, smtp: { host, port, security, userEnv, passwordEnv }, from, to, rpoCheck }};
 * absent means no mail (alerts are still logged).
 */
final class AlertsSection {
    private static final List<String> KEYS = List.of("enabled", "smtp", "from", "to", "rpoCheck");
    private static final List<String> SMTP_KEYS = List.of("host", "port", "security", "userEnv", "passwordEnv");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+");
    private static final String SECURITIES = Arrays.stream(AlertsConfig.Security.values())
            .map(AlertsConfig.Security::configName).collect(Collectors.joining(", "));

    private AlertsSection() {
    }

    /** The alerts config, {@link AlertsConfig#DISABLED} when absent, or null after reporting problems. */
    static AlertsConfig read(Fields root) {
        if (!root.has("alerts")) {
            return AlertsConfig.DISABLED;
        }
        Fields f = root.object("alerts");
        if (f == null) {
            return null;
        }
        Problems problems = f.problems();
        int before = problems.count();
        f.allowOnly(KEYS);
        Boolean enabledFlag = f.bool("enabled");
        boolean enabled = enabledFlag == null ? !f.has("enabled") : enabledFlag; // a wrong value is reported once
        String rpoCheck = rpoCheck(f);
        AlertsConfig.Smtp smtp = null;
        String from = null;
        List<String> to = List.of();
        if (enabled) {
            Fields s = f.object("smtp");
            if (s == null && !f.has("smtp")) {
                problems.add(f.where("smtp"), Fields.MISSING + " (e.g. smtp: { host: mail.example.com, security: starttls })");
            }
            smtp = s == null ? null : smtp(s);
            from = address(f, f.requiredText("from"), f.where("from"));
            to = recipients(f);
        }
        if (problems.count() != before) {
            return null;
        }
        return enabled ? new AlertsConfig(true, smtp, from, to, rpoCheck)
                : new AlertsConfig(false, null, null, List.of(), rpoCheck);
    }

    private static AlertsConfig.Smtp smtp(Fields s) {
        int before = s.problems().count();
        s.allowOnly(SMTP_KEYS);
        String host = s.requiredText("host");
        if (host != null && (host.isBlank() || host.strip().contains(" "))) {
            s.problems().add(s.where("host"), "\"" + host + "\" is not a host name");
        }
        AlertsConfig.Security security = security(s);
        Integer port = s.integer("port");
        if (port != null && (port < 1 || port > 65_535)) {
            s.problems().add(s.where("port"), "must be between 1 and 65535, got " + port);
        }
        String userEnv = s.envName("userEnv", "SMTP_USER");
        String passwordEnv = s.envName("passwordEnv", "SMTP_PASSWORD");
        if (s.has("userEnv") != s.has("passwordEnv")) {
            String missing = s.has("userEnv") ? "passwordEnv" : "userEnv";
            s.problems().add(s.where(missing), Fields.MISSING + " (userEnv and passwordEnv go together; leave both out"
                    + " for a server without authentication)");
        }
        if (s.problems().count() != before) {
            return null;
        }
        return new AlertsConfig.Smtp(host.strip(), port == null ? security.defaultPort() : port, security, userEnv, passwordEnv);
    }

    private static AlertsConfig.Security security(Fields s) {
        String text = s.text("security");
        if (text == null) {
            return Defaults.SMTP_SECURITY;
        }
        try {
            return AlertsConfig.Security.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            s.problems().add(s.where("security"), "unknown security \"" + text + "\" (valid: " + SECURITIES + ")");
            return Defaults.SMTP_SECURITY;
        }
    }

    private static List<String> recipients(Fields f) {
        if (!f.has("to")) {
            f.problems().add(f.where("to"), Fields.MISSING + " (a list of addresses, e.g. to: [ops@example.com])");
            return List.of();
        }
        List<String> to = f.strings("to", "e-mail addresses");
        if (to == null) {
            return List.of();
        }
        if (to.isEmpty()) {
            f.problems().add(f.where("to"), "empty; name at least one address (or set enabled: false)");
        }
        for (int i = 0; i < to.size(); i++) {
            address(f, to.get(i), f.where("to") + "[" + i + "]");
        }
        return to.stream().map(String::strip).toList();
    }

    private static String address(Fields f, String text, String where) {
        if (text != null && !ADDRESS.matcher(text.strip()).matches()) {
            f.problems().add(where, "\"" + text + "\" is not an e-mail address (e.g. ops@example.com)");
            return null;
        }
        return text == null ? null : text.strip();
    }

    private static String rpoCheck(Fields f) {
        String text = f.text("rpoCheck");
        if (text == null) {
            return Defaults.RPO_CHECK;
        }
        Optional<?> cron = Schedules.cron(f.where("rpoCheck"), text, ZoneOffset.UTC, f.problems());
        return cron.isPresent() ? text.strip() : Defaults.RPO_CHECK;
    }
}
