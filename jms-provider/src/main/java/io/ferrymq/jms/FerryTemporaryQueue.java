package io.ferrymq.jms;

import jakarta.jms.TemporaryQueue;

/** A temporary queue (see {@link FerryTemporaryDestination}). Immutable; safe from any thread. */
public final class FerryTemporaryQueue extends FerryTemporaryDestination implements TemporaryQueue {
    private static final long serialVersionUID = 1L;

    /**
     * @param owner the creating connection, or null for a temporary queue known only by name
     * @throws jakarta.jms.InvalidDestinationRuntimeException if the name cannot be mapped onto a topic name
     */
    public FerryTemporaryQueue(String name, TemporaryDestinationOwner owner) {
        super(name, owner);
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public Kind kind() {
        return Kind.TEMPORARY_QUEUE;
    }
}
