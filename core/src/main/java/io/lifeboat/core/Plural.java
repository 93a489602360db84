package io.lifeboat.core;

/** Counts in messages: {@code 1 table}, {@code 2 tables}, {@code 0 tables}. */
public final class Plural {
    private Plural() {
    }

    /** {@code n} and the noun, with an {@code s} unless {@code n} is 1 (regular nouns only). */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
