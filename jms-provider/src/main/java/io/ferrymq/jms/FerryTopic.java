package io.ferrymq.jms;

import io.ferrymq.jms.jndi.FerryObjectFactory;
import jakarta.jms.Topic;

import javax.naming.Reference;
import javax.naming.Referenceable;

/** A JMS topic: one topic, each subscription its own consumer group. Immutable; safe from any thread. */
public final class FerryTopic extends FerryDestination implements Topic, Referenceable {
    private static final long serialVersionUID = 1L;

    /**
     * @throws jakarta.jms.InvalidDestinationRuntimeException if the name cannot be mapped onto a topic name
     */
    public FerryTopic(String name) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public Kind kind() {
        return Kind.TOPIC;
    }

    /** For binding in JNDI; {@link FerryObjectFactory} reads it back. */
    @Override
    public Reference getReference() {
        return FerryObjectFactory.referenceTo(this);
    }
}
