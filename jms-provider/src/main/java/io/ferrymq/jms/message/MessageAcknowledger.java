package io.ferrymq.jms.message;

import jakarta.jms.JMSException;

/**
 * What {@link jakarta.jms.Message#acknowledge()} does for a message: the session that delivered it installs one (in
 * CLIENT_ACKNOWLEDGE mode it acknowledges everything the session consumed; in other modes it does nothing, as the spec
 * says). Called on the application's thread.
 */
@FunctionalInterface
public interface MessageAcknowledger {

    /**
     * For messages no session delivered (created by the application): JMS defines acknowledge() only for consumed
     * messages, so it is ignored.
     */
    MessageAcknowledger IGNORED = message -> {
    };

    /** @throws jakarta.jms.IllegalStateException if the session is closed */
    void acknowledge(FerryMessage message) throws JMSException;
}
