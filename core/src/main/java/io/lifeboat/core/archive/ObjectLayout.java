package io.lifeboat.core.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only place that builds object keys: {@code <source>/<yyyy>/<mm>/<dd>/<backup-id>/data.tar.zst}
 * and {@code .../manifest.json}. A target's own prefix is applied by the target.
 */
public final class ObjectLayout {
    public static final String MANIFEST = "manifest.json";
    public static final String TAR_ZST = "data.tar.zst";
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final Pattern MANIFEST_KEY =
            Pattern.compile("([^/]+)/\\d{4}/\\d{2}/\\d{2}/([^/]+)/" + Pattern.quote(MANIFEST));
    private static final Pattern BACKUP_DIR =
            Pattern.compile("([^/]+)/\\d{4}/\\d{2}/\\d{2}/([^/]+)/.*");

    private ObjectLayout() {
    }

    public static String backupDir(String source, BackupId id, Instant started) {
        return source + "/" + DAY.format(started) + "/" + id.value() + "/";
    }

    public static String dataKey(String source, BackupId id, Instant started, String fileName) {
        return backupDir(source, id, started) + fileName;
    }

    public static String manifestKey(String source, BackupId id, Instant started) {
        return backupDir(source, id, started) + MANIFEST;
    }

    /** The manifest key beside a data key. */
    public static String manifestKeyFor(String dataKey) {
        return dataKey.substring(0, dataKey.lastIndexOf('/') + 1) + MANIFEST;
    }

    /**
     * Where a DR drill's report files are kept in a target: {@code _drills/<drill-id>/<file>}. The
     * leading underscore cannot start a source name, and the key has no backup directory shape, so
     * the debris sweep and the catalog rebuild leave it alone.
     */
    public static String drillReportKey(String drillId, String fileName) {
        return "_drills/" + drillId + "/" + fileName;
    }

    public static boolean isManifest(String key) {
        return MANIFEST_KEY.matcher(key).matches();
    }

    /** The backup directory ({@code source/yyyy/mm/dd/id/}) a key belongs to, if it is one of ours. */
    public static Optional<String> backupDirOf(String key) {
        Matcher m = BACKUP_DIR.matcher(key);
        if (!m.matches() || !BackupId.isValid(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(key.substring(0, key.indexOf(m.group(2)) + m.group(2).length() + 1));
    }
}
