package io.lifeboat.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Test servers that may be missing: skipped on a developer's machine, a failure under {@code CI=true}. */
public final class Servers {
    private Servers() {
    }

    /** True when the environment variable {@code CI} is {@code true}. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Does nothing when {@code available}; otherwise fails the test under CI and skips it
     * elsewhere. {@code what} names the server and how to get it, e.g. "moto_server (pip install 'moto[server]')".
     */
    public static void requireOrSkip(boolean available, String what) {
        if (available) {
            return;
        }
        if (isCi()) {
            Assertions.fail(what + " is required under CI=true but is not available");
        }
        Assumptions.abort(what + " is not available; skipping (under CI=true this fails)");
    }
}
