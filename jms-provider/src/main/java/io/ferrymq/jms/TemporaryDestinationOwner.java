package io.ferrymq.jms;

import jakarta.jms.JMSException;

/**
 * The connection (or session) that created a temporary destination and alone may delete it. Implementations decide
 * their own thread-safety; {@code delete()} may be called from any application thread.
 */
@FunctionalInterface
public interface TemporaryDestinationOwner {

    /**
     * Deletes the temporary destination this owner created.
     *
     * @throws JMSException if it still has consumers, or the connection is closed, or the deletion fails
     */
    void deleteTemporaryDestination(FerryTemporaryDestination destination) throws JMSException;
}
