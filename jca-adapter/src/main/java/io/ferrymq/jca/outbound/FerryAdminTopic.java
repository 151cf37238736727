package io.ferrymq.jca.outbound;

import io.ferrymq.jms.FerryTopic;
import jakarta.jms.Topic;

/**
 * A topic as an administered object of the resource adapter (ra.xml {@code adminobject}, bound in JNDI by the
 * server): config property {@code Name}, the topic's JMS name. Works wherever the provider takes a Topic.
 */
public final class FerryAdminTopic extends FerryAdminDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public FerryAdminTopic() {
    }

    @Override
    public String getTopicName() {
        return requireName();
    }

    @Override
    void check(String name) {
        new FerryTopic(name);
    }

    @Override
    String kind() {
        return "topic";
    }
}
