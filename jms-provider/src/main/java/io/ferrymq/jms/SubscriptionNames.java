package io.ferrymq.jms;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;

import java.util.UUID;

/**
 * The RocketMQ consumer groups behind JMS consumers (see docs/jms.md): a queue is one group shared by every consumer
 * of it; a non-durable topic subscriber gets a group of its own; a durable or shared subscription is a group named
 * after the subscription (and the client id, where the spec scopes the name by it). Names and ids are escaped as
 * topic names are, so any JMS name works. Immutable.
 */
final class SubscriptionNames {
    /** Tags of JMS-sent messages: a JMS queue and a JMS topic of the same name share a RocketMQ topic. */
    static final String QUEUE_TAG = "JMSQueue";
    static final String TOPIC_TAG = "JMSTopic";

    private final String prefix;
    private final String clientId;

    SubscriptionNames(String prefix, String clientId) {
        this.prefix = prefix;
        this.clientId = clientId;
    }

    String queueGroup(String topicName) {
        return prefix + "Q_" + topicName;
    }

    String nonDurableGroup(String topicName) {
        return prefix + "T_" + topicName + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A durable subscription: unshared ones are scoped by the client id, which they require. */
    String durableGroup(String name, boolean shared) throws JMSException {
        if (!shared && clientId == null) {
            throw new jakarta.jms.IllegalStateException("FMQ-JMS-620 an unshared durable subscription needs a client id:"
                    + " set one on the connection factory or with Connection.setClientID", "FMQ-JMS-620");
        }
        return prefix + (shared ? "SD_" : "D_") + scope() + escape(name);
    }

    /** A shared non-durable subscription. */
    String sharedGroup(String name) throws JMSException {
        return prefix + "S_" + scope() + escape(name);
    }

    private String scope() throws JMSException {
        return clientId == null ? "" : escape(clientId) + "_";
    }

    private static String escape(String name) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("FMQ-JMS-621 a subscription name must not be empty", "FMQ-JMS-621");
        }
        // The topic-name escape keeps letters, digits, '_', '-' and '%' and writes the rest as |XX; '_' separates the
        // parts of a group name, so it is escaped too.
        return TopicNameMapping.toTopicName(name).replace("_", "|5F");
    }
}
