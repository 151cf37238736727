package io.ferrymq.jca.outbound;

import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryTopic;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.resource.Referenceable;

import javax.naming.Reference;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the queue and topic admin objects share: a JavaBean {@code Name} (the JMS destination name) that the server
 * sets after the no-arg constructor, and the JNDI reference the server binds. The provider's own
 * {@link FerryQueue}/{@link FerryTopic} are immutable values without a no-arg constructor, so the adapter has these
 * beans; the provider accepts any {@link jakarta.jms.Queue}/{@link jakarta.jms.Topic} and maps it by name.
 * Configured once by the container, then read from any thread.
 */
public abstract sealed class FerryAdminDestination implements Serializable, Referenceable
        permits FerryAdminQueue, FerryAdminTopic {
    private static final long serialVersionUID = 1L;

    private volatile String name;
    private transient Reference reference;

    public String getName() {
        return name;
    }

    /**
     * @throws IllegalArgumentException the name cannot be a FerryMQ destination (FMQ-JCA-150, with the reason)
     */
    public void setName(String name) {
        try {
            check(name);
        } catch (InvalidDestinationRuntimeException | NullPointerException e) {
            throw new IllegalArgumentException("FMQ-JCA-150 '" + name + "' cannot be the Name of a FerryMQ "
                    + kind() + ": " + e.getMessage(), e);
        }
        this.name = name;
    }

    /** Validates the name the way the provider will (throws InvalidDestinationRuntimeException). */
    abstract void check(String name);

    abstract String kind();

    /** The name, or a clear error when the server never set it. */
    final String requireName() {
        String n = name;
        if (n == null) {
            throw new IllegalStateException("FMQ-JCA-151 this FerryMQ " + kind() + " admin object has no Name;"
                    + " set its Name config property");
        }
        return n;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FerryAdminDestination d && d.getClass() == getClass() && Objects.equals(d.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), name);
    }

    @Override
    public String toString() {
        return kind() + "://" + name;
    }
}
