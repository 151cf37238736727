package io.ferrymq.jms;

import jakarta.jms.Topic;

/** A JMS topic: one topic, each subscription its own consumer group. Immutable; safe from any thread. */
public final class FerryTopic extends FerryDestination implements Topic {
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
}
