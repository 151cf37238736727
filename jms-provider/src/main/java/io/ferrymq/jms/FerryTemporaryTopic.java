package io.ferrymq.jms;

import jakarta.jms.TemporaryTopic;

/** A temporary topic (see {@link FerryTemporaryDestination}). Immutable; safe from any thread. */
public final class FerryTemporaryTopic extends FerryTemporaryDestination implements TemporaryTopic {
    private static final long serialVersionUID = 1L;

    /**
     * @param owner the creating connection, or null for a temporary topic known only by name
     * @throws jakarta.jms.InvalidDestinationRuntimeException if the name cannot be mapped onto a topic name
     */
    public FerryTemporaryTopic(String name, TemporaryDestinationOwner owner) {
        super(name, owner);
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public Kind kind() {
        return Kind.TEMPORARY_TOPIC;
    }
}
