package io.lifeboat.core.catalog;

import java.util.Arrays;
import java.util.Locale;

/** What measured a restore time: a level-3 verification, an operator restore or a drill. */
public enum RtoKind {
    VERIFY, RESTORE, DRILL;

    /** The stored and printed name: {@code verify}, {@code restore}, {@code drill}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RtoKind of(String value) {
        return Arrays.stream(values()).filter(k -> k.value().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown RTO sample kind: " + value));
    }
}
