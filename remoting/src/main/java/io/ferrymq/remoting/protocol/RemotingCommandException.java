package io.ferrymq.remoting.protocol;

/** A command that cannot be understood: a missing required header field, a malformed header. */
public class RemotingCommandException extends Exception {
    public RemotingCommandException(String message) {
        super(message);
    }

    public RemotingCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
