package io.ferrymq.tools;

/** The command line does not make sense; the message says why. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
