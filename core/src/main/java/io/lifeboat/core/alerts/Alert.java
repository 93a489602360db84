package io.lifeboat.core.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message to operators.
 *
 * @param kind    what happened
 * @param source  the source it is about, or null (a drill report)
 * @param since   when the problem started (the first failed attempt, the breach), or the time of the event
 * @param subject the mail's subject line
 * @param text    the plain-text body: what failed, since when, the error, the command to investigate
 * @param html    an HTML body (drill reports), or null for text only
 * @param to      recipients; empty means the configured {@code alerts.to}
 */
public record Alert(Kind kind, String source, Instant since, String subject, String text, String html, List<String> to) {
    public enum Kind { BACKUP_FAILED, COPY_FAILED, VERIFICATION_FAILED, RPO_BREACHED, RPO_RECOVERED, DRILL_REPORT }

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        to = List.copyOf(to);
        if (subject.contains("\n") || subject.contains("\r")) {
            throw new IllegalArgumentException("a subject is one line: " + subject);
        }
    }
}
