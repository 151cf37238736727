package io.ferrymq.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/**
 * A temporary topic, alive as long as the connection that created it. {@link #delete()} goes to that connection; a
 * temporary topic read from a message's JMSReplyTo has no owner here and cannot be deleted through it.
 * Immutable; safe from any thread.
 */
public final class FerryTemporaryTopic extends FerryDestination implements TemporaryTopic {
    private static final long serialVersionUID = 1L;

    /** Not serialized: a copy in another JVM cannot reach the creating connection. */
    private final transient TemporaryDestinationOwner owner;

    /**
     * @param owner the creating connection, or null for a temporary topic known only by name
     * @throws jakarta.jms.InvalidDestinationRuntimeException if the name cannot be mapped onto a topic name
     */
    public FerryTemporaryTopic(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public Kind kind() {
        return Kind.TEMPORARY_TOPIC;
    }

    /** True if {@code candidate} created this destination. */
    public boolean isOwnedBy(TemporaryDestinationOwner candidate) {
        return owner != null && owner == candidate;
    }

    @Override
    public void delete() throws JMSException {
        deleteThrough(owner);
    }
}
