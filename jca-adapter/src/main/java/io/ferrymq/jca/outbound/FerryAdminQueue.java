package io.ferrymq.jca.outbound;

import io.ferrymq.jms.FerryQueue;
import jakarta.jms.Queue;

/**
 * A queue as an administered object of the resource adapter (ra.xml {@code adminobject}, bound in JNDI by the
 * server): config property {@code Name}, the queue's JMS name. Works wherever the provider takes a Queue.
 */
public final class FerryAdminQueue extends FerryAdminDestination implements Queue {
    private static final long serialVersionUID = 1L;

    public FerryAdminQueue() {
    }

    @Override
    public String getQueueName() {
        return requireName();
    }

    @Override
    void check(String name) {
        new FerryQueue(name);
    }

    @Override
    String kind() {
        return "queue";
    }
}
