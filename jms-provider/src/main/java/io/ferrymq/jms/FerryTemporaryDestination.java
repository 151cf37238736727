package io.ferrymq.jms;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;

/**
 * A temporary queue or topic, alive as long as the connection that created it; {@link #delete()} goes to that
 * connection. One read from a message's JMSReplyTo (or deserialized) has no owner here and cannot be deleted through
 * it. Immutable; safe from any thread.
 */
public abstract sealed class FerryTemporaryDestination extends FerryDestination
        permits FerryTemporaryQueue, FerryTemporaryTopic {
    private static final long serialVersionUID = 1L;

    /** Not serialized: a copy in another JVM cannot reach the creating connection. */
    private final transient TemporaryDestinationOwner owner;

    FerryTemporaryDestination(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    /** True if {@code candidate} created this destination. */
    public final boolean isOwnedBy(TemporaryDestinationOwner candidate) {
        return owner != null && owner == candidate;
    }

    /** Deletes it through the creating connection, which refuses while it has consumers. */
    public final void delete() throws JMSException {
        if (owner == null) {
            throw new InvalidDestinationException("FMQ-JMS-105 " + this
                    + " can only be deleted through the connection that created it", "FMQ-JMS-105");
        }
        owner.deleteTemporaryDestination(this);
    }
}
