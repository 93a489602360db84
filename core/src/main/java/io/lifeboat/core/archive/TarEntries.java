package io.lifeboat.core.archive;

import java.io.FilterInputStream;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** How the readers (check, restore) see tar entries read by commons-compress. */
final class TarEntries {
    static final String FILE = EntryType.FILE.name();
    static final String HARDLINK = "HARDLINK";

    private TarEntries() {
    }

    /** The manifest path of a tar name: a directory's trailing '/' removed. */
    static String path(String tarName) {
        String p = tarName;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** FILE, DIRECTORY, SYMLINK (the {@link EntryType} names), HARDLINK, or OTHER(flag). */
    static String kind(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        if (entry.isSymbolicLink()) {
            return EntryType.SYMLINK.name();
        }
        if (entry.isLink()) {
            return HARDLINK;
        }
        if (entry.isDirectory()) {
            return EntryType.DIRECTORY.name();
        }
        if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG) {
            return FILE;
        }
        return "OTHER(" + (flag >= 0x20 && flag < 0x7f ? String.valueOf((char) flag) : Integer.toString(flag)) + ")";
    }

    /** A view of {@code in} that the tar reader may close without closing {@code in}. */
    static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
