package io.ferrymq.broker.xa;

/**
 * What an XA request came to, named as {@code javax.transaction.xa.XAException} names its codes, so the client maps
 * the name to the code without the broker depending on the XA API. Immutable.
 *
 * @param code   {@code XA_OK}, {@code XA_RDONLY}, or the XAException constant's name ({@code XAER_NOTA}, ...)
 * @param detail why, for the log and the exception message; null for XA_OK
 */
public record XaOutcome(String code, String detail) {
    public static final XaOutcome OK = new XaOutcome("XA_OK", null);

    public boolean isOk() {
        return "XA_OK".equals(code);
    }

    public static XaOutcome of(String code, String detail) {
        return new XaOutcome(code, detail);
    }
}
