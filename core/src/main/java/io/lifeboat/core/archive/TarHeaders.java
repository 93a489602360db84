package io.lifeboat.core.archive;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes POSIX.1-2001 (pax) tar headers: a plain ustar header when the entry fits, preceded by a
 * pax extended header ({@code x}) carrying {@code path}, {@code linkpath}, {@code size} or
 * {@code mtime} when it does not (non-ASCII or long names, sizes of 8 GiB and more, times outside
 * the octal field). Owner is 0/0 without names; times are whole seconds.
 *
 * <p>One instance reuses its buffer; not thread-safe.
 */
final class TarHeaders {
    static final int BLOCK = 512;
    static final byte REGULAR = '0';
    static final byte SYMLINK = '2';
    static final byte DIRECTORY = '5';
    private static final byte PAX = 'x';
    private static final long MAX_OCTAL_11 = 077777777777L;

    private byte[] buf = new byte[BLOCK * 4];
    private int length;

    /** The bytes of the last {@link #encode}, valid up to {@link #length()}. */
    byte[] bytes() {
        return buf;
    }

    int length() {
        return length;
    }

    /** Encodes the header block(s) of one entry; {@code name} includes a directory's trailing '/'. */
    void encode(String name, byte type, long size, long mtimeSeconds, int mode, String linkName) {
        StringBuilder pax = new StringBuilder();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int split = ustarSplit(name, nameBytes);
        if (split == -2) {
            record(pax, "path", name);
        }
        String link = linkName == null ? "" : linkName;
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        boolean linkFits = linkBytes.length == link.length() && linkBytes.length <= 100;
        if (!linkFits) {
            record(pax, "linkpath", link);
        }
        boolean sizeFits = size <= MAX_OCTAL_11;
        if (!sizeFits) {
            record(pax, "size", Long.toString(size));
        }
        boolean mtimeFits = mtimeSeconds >= 0 && mtimeSeconds <= MAX_OCTAL_11;
        if (!mtimeFits) {
            record(pax, "mtime", Long.toString(mtimeSeconds));
        }
        long headerMtime = Math.max(0, Math.min(MAX_OCTAL_11, mtimeSeconds));
        length = 0;
        if (pax.length() > 0) {
            byte[] records = pax.toString().getBytes(StandardCharsets.UTF_8);
            int padded = roundUp(records.length);
            ensure(BLOCK + padded + BLOCK);
            Arrays.fill(buf, 0, BLOCK + padded + BLOCK, (byte) 0);
            block(0, paxName(name), "", 0644, records.length, headerMtime, PAX, "");
            System.arraycopy(records, 0, buf, BLOCK, records.length);
            length = BLOCK + padded;
        } else {
            Arrays.fill(buf, 0, BLOCK, (byte) 0);
        }
        String ustarName = split >= 0 ? name.substring(split + 1) : split == -1 ? name : asciiPrefix(name, 100);
        String prefix = split >= 0 ? name.substring(0, split) : "";
        block(length, ustarName, prefix, mode & 07777, sizeFits ? size : 0, headerMtime, type,
                linkFits ? link : asciiPrefix(link, 100));
        length += BLOCK;
    }

    static long roundUp(long n) {
        return (n + BLOCK - 1) & -BLOCK;
    }

    private static int roundUp(int n) {
        return (n + BLOCK - 1) & -BLOCK;
    }

    /** -1: fits the name field; >= 0: index of the '/' splitting prefix and name; -2: needs pax. */
    private static int ustarSplit(String name, byte[] utf8) {
        if (utf8.length != name.length()) {
            return -2; // not ASCII
        }
        if (utf8.length <= 100) {
            return -1;
        }
        int from = Math.max(1, utf8.length - 101);
        for (int i = from; i <= Math.min(155, utf8.length - 2); i++) {
            if (utf8[i] == '/') {
                return i;
            }
        }
        return -2;
    }

    private void block(int off, String name, String prefix, int mode, long size, long mtime, byte type, String link) {
        ascii(off, name, 100);
        octal(off + 100, mode, 8);
        octal(off + 108, 0, 8);
        octal(off + 116, 0, 8);
        octal(off + 124, size, 12);
        octal(off + 136, mtime, 12);
        Arrays.fill(buf, off + 148, off + 156, (byte) ' ');
        buf[off + 156] = type;
        ascii(off + 157, link, 100);
        ascii(off + 257, "ustar", 6);
        ascii(off + 263, "00", 2);
        octal(off + 329, 0, 8);
        octal(off + 337, 0, 8);
        ascii(off + 345, prefix, 155);
        int sum = 0;
        for (int i = off; i < off + BLOCK; i++) {
            sum += buf[i] & 0xff;
        }
        octal(off + 148, sum, 7);
        buf[off + 155] = ' ';
    }

    private void ascii(int off, String s, int max) {
        for (int i = 0, n = Math.min(max, s.length()); i < n; i++) {
            buf[off + i] = (byte) s.charAt(i);
        }
    }

    /** {@code width - 1} zero-padded octal digits and a NUL. */
    private void octal(int off, long value, int width) {
        long v = value;
        for (int i = width - 2; i >= 0; i--) {
            buf[off + i] = (byte) ('0' + (v & 7));
            v >>>= 3;
        }
        buf[off + width - 1] = 0;
    }

    private void ensure(int size) {
        if (buf.length < size) {
            buf = new byte[Math.max(size, buf.length * 2)];
        }
    }

    /** One pax record: {@code "<len> <key>=<value>\n"}, where len counts the whole record in bytes. */
    private static void record(StringBuilder pax, String key, String value) {
        int body = 3 + key.length() + value.getBytes(StandardCharsets.UTF_8).length; // ' ', '=', '\n'
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() + body != len) {
            len = body + Integer.toString(len).length();
        }
        pax.append(len).append(' ').append(key).append('=').append(value).append('\n');
    }

    /** Name of the pax header entry, as GNU tar does: {@code dir/PaxHeaders/base}, ASCII, at most 100. */
    private static String paxName(String name) {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = trimmed.lastIndexOf('/');
        String paxName = (slash < 0 ? "" : trimmed.substring(0, slash + 1)) + "PaxHeaders/" + trimmed.substring(slash + 1);
        return asciiPrefix(paxName, 100);
    }

    private static String asciiPrefix(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(max, s.length()));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x80 && c != 0 ? c : '_');
        }
        return b.toString();
    }
}
