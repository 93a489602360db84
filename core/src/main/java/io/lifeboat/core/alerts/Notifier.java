package io.lifeboat.core.alerts;

import java.time.Instant;
import java.util.List;

/**
 * Tells operators. Implementations return at once: delivery is asynchronous, retried with backoff and
 * logged, and a mail server that is down never stops or delays the caller. Never throws for a delivery
 * problem. The e-mail implementation lives in the daemon ({@code alerts:} in the config); without that
 * section alerts are only logged.
 */
public interface Notifier {
    /** Logs nothing, sends nothing. */
    Notifier NONE = alert -> { };

    /** Queues one alert. */
    void send(Alert alert);

    /**
     * A DR drill's report, as an HTML mail. {@code to} may be empty for the configured {@code alerts.to}.
     *
     * @param runbook  the runbook's name or path (shown in the mail and the log)
     * @param subject  one line, e.g. {@code "drill orders-db: PASSED, RTO 4m12s (objective 15m)"}
     * @param htmlBody the whole report as HTML; a plain-text part is derived from it
     */
    default void drillReport(String runbook, String subject, String htmlBody, List<String> to) {
        String text = "Drill report of runbook " + runbook + "\n\n" + htmlBody.replaceAll("(?s)<style.*?</style>", "")
                .replaceAll("<(br|/p|/tr|/h[1-6]|/li)[^>]*>", "\n").replaceAll("<[^>]+>", "").replace("&nbsp;", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replaceAll("\n{3,}", "\n\n").strip() + "\n";
        send(new Alert(Alert.Kind.DRILL_REPORT, null, Instant.now(), subject, text, htmlBody, to));
    }
}
