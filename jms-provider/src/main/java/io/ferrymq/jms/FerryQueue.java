package io.ferrymq.jms;

import io.ferrymq.jms.jndi.FerryObjectFactory;
import jakarta.jms.Queue;

import javax.naming.Reference;
import javax.naming.Referenceable;

/** A JMS queue: one topic consumed by one consumer group (competing consumers). Immutable; safe from any thread. */
public final class FerryQueue extends FerryDestination implements Queue, Referenceable {
    private static final long serialVersionUID = 1L;

    /**
     * @throws jakarta.jms.InvalidDestinationRuntimeException if the name cannot be mapped onto a topic name
     */
    public FerryQueue(String name) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public Kind kind() {
        return Kind.QUEUE;
    }

    /** For binding in JNDI; {@link FerryObjectFactory} reads it back. */
    @Override
    public Reference getReference() {
        return FerryObjectFactory.referenceTo(this);
    }
}
