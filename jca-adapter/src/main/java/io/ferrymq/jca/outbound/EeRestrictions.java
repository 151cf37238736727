package io.ferrymq.jca.outbound;

import jakarta.jms.IllegalStateException;

/**
 * The errors for what Jakarta Messaging 3.1 §12.2 forbids applications in web and EJB containers (listeners,
 * connection consumers, client ids, exception listeners, stopping a connection) and for the one-session rule.
 */
final class EeRestrictions {
    private EeRestrictions() {
    }

    /** FMQ-JCA-130: a method §12.2 forbids in an application server. */
    static IllegalStateException forbidden(String method) {
        return new IllegalStateException("FMQ-JCA-130 " + method + " may not be called by an application in a Jakarta EE"
                + " container (Jakarta Messaging 3.1 §12.2); use a message-driven bean to receive asynchronously",
                "FMQ-JCA-130");
    }

    /** FMQ-JCA-131: a closed connection handle, session handle or consumer. */
    static IllegalStateException closed(String what) {
        return new IllegalStateException("FMQ-JCA-131 the " + what + " is closed", "FMQ-JCA-131");
    }
}
