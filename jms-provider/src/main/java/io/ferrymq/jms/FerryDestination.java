package io.ferrymq.jms;

import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * A FerryMQ destination: a JMS name, its kind, the topic that carries it and its string form on the wire
 * ({@code queue://NAME}, {@code topic://NAME}, {@code temp-queue://NAME}, {@code temp-topic://NAME}).
 * Immutable (a temporary destination's owner is fixed at creation); safe from any thread.
 */
public abstract sealed class FerryDestination implements Destination, Serializable
        permits FerryQueue, FerryTopic, FerryTemporaryDestination {
    private static final long serialVersionUID = 1L;

    /** The kinds of destination, each with the prefix of its wire form. */
    public enum Kind {
        QUEUE("queue://"), TOPIC("topic://"), TEMPORARY_QUEUE("temp-queue://"), TEMPORARY_TOPIC("temp-topic://");

        private final String wirePrefix;

        Kind(String wirePrefix) {
            this.wirePrefix = wirePrefix;
        }

        public String wirePrefix() {
            return wirePrefix;
        }
    }

    private final String name;
    private final String topicName;

    FerryDestination(String name) {
        try {
            this.topicName = TopicNameMapping.toTopicName(name);
        } catch (InvalidDestinationException e) {
            throw new InvalidDestinationRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
        this.name = name;
    }

    /** The JMS name, as the application gave it. */
    public final String name() {
        return name;
    }

    /** The RocketMQ topic that carries this destination's messages (see {@link TopicNameMapping}). */
    public final String topicName() {
        return topicName;
    }

    public abstract Kind kind();

    /** The form used for JMSDestination and JMSReplyTo on the wire; {@link #parse(String)} reads it back. */
    public final String toWireString() {
        return kind().wirePrefix() + name;
    }

    /**
     * Reads a wire string written by {@link #toWireString()}. A temporary destination read this way has no owner: only
     * the connection that created it can delete it.
     */
    public static FerryDestination parse(String wire) throws InvalidDestinationException {
        if (wire != null) {
            for (Kind kind : Kind.values()) {
                if (wire.startsWith(kind.wirePrefix())) {
                    return create(kind, wire.substring(kind.wirePrefix().length()));
                }
            }
        }
        throw new InvalidDestinationException("FMQ-JMS-103 '" + wire
                + "' is not a destination string (expected queue://, topic://, temp-queue:// or temp-topic:// and a name)",
                "FMQ-JMS-103");
    }

    /**
     * This provider's form of any destination: FerryMQ destinations are returned as they are, other providers' queues
     * and topics are mapped by name.
     */
    public static FerryDestination from(Destination destination) throws JMSException {
        if (destination instanceof FerryDestination ferry) {
            return ferry;
        }
        if (destination instanceof TemporaryQueue q) {
            return create(Kind.TEMPORARY_QUEUE, q.getQueueName());
        }
        if (destination instanceof TemporaryTopic t) {
            return create(Kind.TEMPORARY_TOPIC, t.getTopicName());
        }
        if (destination instanceof Queue q) {
            return create(Kind.QUEUE, q.getQueueName());
        }
        if (destination instanceof Topic t) {
            return create(Kind.TOPIC, t.getTopicName());
        }
        throw new InvalidDestinationException("FMQ-JMS-104 " + (destination == null ? "null" : destination.getClass().getName())
                + " is neither a Queue nor a Topic", "FMQ-JMS-104");
    }

    private static FerryDestination create(Kind kind, String name) throws InvalidDestinationException {
        try {
            return switch (kind) {
                case QUEUE -> new FerryQueue(name);
                case TOPIC -> new FerryTopic(name);
                case TEMPORARY_QUEUE -> new FerryTemporaryQueue(name, null);
                case TEMPORARY_TOPIC -> new FerryTemporaryTopic(name, null);
            };
        } catch (InvalidDestinationRuntimeException e) {
            throw new InvalidDestinationException(e.getMessage(), e.getErrorCode());
        }
    }

    /** Equal when of the same kind and name; a temporary destination's owner does not count. */
    @Override
    public final boolean equals(Object o) {
        return o instanceof FerryDestination other && other.kind() == kind() && other.name.equals(name);
    }

    @Override
    public final int hashCode() {
        return kind().hashCode() * 31 + name.hashCode();
    }

    @Override
    public final String toString() {
        return toWireString();
    }

    /** Validates a deserialized destination through the constructor, as a hand-crafted stream may carry any name. */
    protected final Object readResolve() throws ObjectStreamException {
        try {
            return create(kind(), name);
        } catch (InvalidDestinationException e) {
            throw new InvalidObjectException(e.getMessage());
        }
    }
}
