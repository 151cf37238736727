package io.ferrymq.remoting;

/** A call that did not get a response: no connection, a failed write, or a timeout. */
public class RemotingException extends Exception {
    public enum Kind { CONNECT_FAILED, SEND_FAILED, TIMEOUT, CLOSED }

    private final Kind kind;

    public RemotingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RemotingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
