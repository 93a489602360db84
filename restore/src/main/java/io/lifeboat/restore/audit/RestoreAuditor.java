package io.lifeboat.restore.audit;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.RestoreAudit;
import io.lifeboat.core.catalog.RestoreAudit.Outcome;
import io.lifeboat.core.catalog.RestoreAudit.Result;
import io.lifeboat.restore.select.RestoreSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records restore requests in the catalog's audit trail: {@link #begin} before anything is read,
 * then {@link #finished} or {@link #failed}. The database restore records itself the same way,
 * calling {@link #finished(String, Result, String, String, List, long, long, long, long)} directly.
 */
public final class RestoreAuditor {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final RestoreAudit audit;
    private final Clock clock;
    private final Requester requester;

    public RestoreAuditor(RestoreAudit audit, Clock clock, Requester requester) {
        this.audit = audit;
        this.clock = clock;
        this.requester = requester;
    }

    /**
     * Records a new request ({@code kind}: files, logs, artifact, database); returns its id, e.g.
     * {@code R20261125T181500Z-3fa2}. {@code into}: the directory, or the database URL without its password.
     */
    public String begin(String kind, String source, String commandLine, String into) {
        Instant now = clock.instant();
        String id = "R" + ID_TIME.format(now) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        audit.begin(new RestoreAudit.Request(id, kind, source, requester.osUser(), requester.host(), now, commandLine,
                into));
        return id;
    }

    public void finished(String id, RestoreSummary s) {
        String message = s.complete() ? null : s.refused().size() + " refused, " + s.failed().size() + " failed: "
                + String.join("; ", java.util.stream.Stream.concat(s.refused().stream(), s.failed().stream()).map(Object::toString).toList());
        finished(id, s.complete() ? Result.OK : Result.PARTIAL, message, String.join(",", s.targetsUsed()), s.backupsUsed(),
                s.files(), s.bytes(), s.bytesFetched(), s.bytesStored());
    }

    public void finished(String id, Result result, String message, String readFrom, List<String> backupsUsed, long files,
                         long bytes, long bytesFetched, long bytesStored) {
        audit.finish(id, new Outcome(result, message, readFrom, backupsUsed, files, bytes, bytesFetched, bytesStored, clock.instant()));
    }

    /** The request ended with {@code e}: waiting when an archived copy's retrieval is under way, else failed. */
    public void failed(String id, Exception e) {
        boolean waiting = e instanceof LifeboatException le && le.code() == ErrorCode.OBJECT_ARCHIVED;
        finished(id, waiting ? Result.WAITING : Result.FAILED, String.valueOf(e.getMessage()), null, List.of(), 0, 0, 0, 0);
    }
}
