package io.lifeboat.core.archive;

/**
 * One problem found by {@link ArchiveCheck}: a difference between a stored archive and its manifest.
 * Each has a one-line, human {@link #describe()}.
 */
public sealed interface ArchiveFinding {
    String describe();

    /** In the manifest, absent from the archive. */
    record Missing(String path) implements ArchiveFinding {
        public String describe() {
            return path + ": in the manifest but not in the archive";
        }
    }

    /** In the archive, not in the manifest (or in the archive twice). */
    record Unexpected(String path) implements ArchiveFinding {
        public String describe() {
            return path + ": in the archive but not in the manifest (or twice in the archive)";
        }
    }

    record ChecksumMismatch(String path, String expected, String actual) implements ArchiveFinding {
        public String describe() {
            return path + ": sha256 is " + actual + ", the manifest says " + expected;
        }
    }

    record SizeMismatch(String path, long expected, long actual) implements ArchiveFinding {
        public String describe() {
            return path + ": size is " + actual + " bytes, the manifest says " + expected;
        }
    }

    /** {@code actual} is the tar entry's kind: FILE, DIRECTORY, SYMLINK, HARDLINK or OTHER(flag). */
    record TypeMismatch(String path, EntryType expected, String actual) implements ArchiveFinding {
        public String describe() {
            return path + ": is a " + actual + " in the archive, the manifest says " + expected;
        }
    }

    record LinkMismatch(String path, String expected, String actual) implements ArchiveFinding {
        public String describe() {
            return path + ": links to '" + actual + "', the manifest says '" + expected + "'";
        }
    }

    /** An entry is not where the manifest says ({@code which}: header, data or frame), so selective restore of it fails. */
    record OffsetMismatch(String path, String which, long expected, long actual) implements ArchiveFinding {
        public String describe() {
            return path + ": " + which + " is at " + actual + " in the archive, the manifest says " + expected;
        }
    }

    /** A frame of the stored object does not match the frame table or does not decompress. */
    record FrameMismatch(int index, String detail) implements ArchiveFinding {
        public String describe() {
            return "frame " + index + ": " + detail;
        }
    }

    /** An entry that lies (at least partly) in an unreadable frame. */
    record Damaged(String path, int frame) implements ArchiveFinding {
        public String describe() {
            return path + ": lies in unreadable frame " + frame;
        }
    }

    /** The stored object as a whole: its size or sha256 differs from the manifest, or bytes follow the last frame. */
    record ObjectMismatch(String detail) implements ArchiveFinding {
        public String describe() {
            return "stored object: " + detail;
        }
    }

    /** The tar stream cannot be parsed somewhere. */
    record Unreadable(String detail) implements ArchiveFinding {
        public String describe() {
            return "archive unreadable: " + detail;
        }
    }
}
