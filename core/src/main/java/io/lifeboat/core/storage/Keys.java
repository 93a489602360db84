package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;

/** The rules every target applies to object keys, so that all targets accept the same keys. */
final class Keys {
    /** Reserved first segment: where {@link FileTarget} keeps uncommitted writes. */
    static final String PARTIAL_DIR = ".partial";

    private Keys() {
    }

    /**
     * Refuses keys that are empty, absolute, contain empty, {@code .} or {@code ..} segments,
     * backslashes or control characters, or start in the reserved {@code .partial/} folder.
     */
    static String check(String target, String key) {
        if (key == null || key.isEmpty()) {
            throw refused(target, key, "it is empty");
        }
        if (key.startsWith("/")) {
            throw refused(target, key, "it is absolute; keys are relative names like 'orders-db/2024/backup.tar.zst'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw refused(target, key, "it contains a backslash or a control character");
            }
        }
        String[] segments = key.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(target, key, "it has an empty, '.' or '..' segment");
            }
        }
        if (segments[0].equals(PARTIAL_DIR)) {
            throw refused(target, key, "'" + PARTIAL_DIR + "/' is reserved for uncommitted writes");
        }
        return key;
    }

    /** A list prefix may be empty or end anywhere, but may not climb out of the target. */
    static String checkPrefix(String target, String prefix) {
        if (prefix == null) {
            throw new LifeboatException(ErrorCode.USAGE, "target '" + target + "': list prefix is null; use \"\" for everything");
        }
        if (prefix.startsWith("/") || ("/" + prefix + "/").contains("/../") || prefix.indexOf('\\') >= 0) {
            throw refused(target, prefix, "a prefix must be relative and without '..'");
        }
        return prefix;
    }

    static void checkRange(String target, String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new LifeboatException(ErrorCode.USAGE, "target '" + target + "': invalid range of '" + key
                    + "': offset " + offset + ", length " + length + " (both must be >= 0)");
        }
    }

    private static LifeboatException refused(String target, String key, String why) {
        return new LifeboatException(ErrorCode.USAGE, "target '" + target + "': key '" + key + "' refused: " + why);
    }
}
