package io.ferrymq.client;

/**
 * A client call that failed: the broker or nameserver answered with an error code, or could not be reached.
 * {@link #responseCode()} is the protocol's response code, or -1 when no answer came.
 */
public class ClientException extends Exception {
    private final int responseCode;

    public ClientException(int responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
        this.responseCode = -1;
    }

    /** A failure that keeps the response code of the one it reports on (see {@link BatchSendException}). */
    protected ClientException(int responseCode, String message, Throwable cause) {
        super(message, cause);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }
}
