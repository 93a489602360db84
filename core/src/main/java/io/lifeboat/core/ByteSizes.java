package io.lifeboat.core;

import java.util.Locale;

/** Byte counts as operators read them in command output and logs: {@code 512 B}, {@code 1.9 GiB}. */
public final class ByteSizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private ByteSizes() {
    }

    /** Below 1 KiB exact ({@code 812 B}); otherwise one decimal in the largest binary unit up to TiB. */
    public static String human(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int i = -1;
        while (v >= 1024 && i < UNITS.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[i]);
    }
}
