package io.ferrymq.client;

/**
 * Thrown by a {@link MessageListener} for a message that can never be consumed: it goes to the group's
 * dead-letter queue at once instead of being retried, with this exception's message as the recorded reason.
 */
public class PoisonMessageException extends Exception {
    public PoisonMessageException(String reason) {
        super(reason);
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
