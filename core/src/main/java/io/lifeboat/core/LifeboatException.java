package io.lifeboat.core;

/**
 * The one exception family of Lifeboat. Each carries a stable {@link ErrorCode}; adapters set
 * {@code retryable} for transient failures (network, throttling) so that exactly one layer retries.
 * Messages name the thing and the fix, and never contain a secret.
 */
public class LifeboatException extends RuntimeException {
    private final ErrorCode code;
    private final boolean retryable;

    public LifeboatException(ErrorCode code, String message) {
        this(code, message, null, false);
    }

    public LifeboatException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, false);
    }

    public LifeboatException(ErrorCode code, String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
