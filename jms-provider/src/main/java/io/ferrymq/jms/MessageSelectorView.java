package io.ferrymq.jms;

import io.ferrymq.common.filter.PropertySource;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * A message as a JMS selector sees it (JMS 3.8.1): its properties, and the headers a selector may name —
 * JMSDeliveryMode as 'PERSISTENT'/'NON_PERSISTENT', JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID and
 * JMSType. Used where the provider filters itself (queue browsers). Not thread-safe; one per evaluation.
 */
final class MessageSelectorView implements PropertySource {
    private final Message message;

    MessageSelectorView(Message message) {
        this.message = message;
    }

    @Override
    public Object get(String name) {
        try {
            return switch (name) {
                case "JMSDeliveryMode" -> message.getJMSDeliveryMode() == DeliveryMode.NON_PERSISTENT
                        ? "NON_PERSISTENT" : "PERSISTENT";
                case "JMSPriority" -> message.getJMSPriority();
                case "JMSMessageID" -> message.getJMSMessageID();
                case "JMSTimestamp" -> message.getJMSTimestamp();
                case "JMSCorrelationID" -> message.getJMSCorrelationID();
                case "JMSType" -> message.getJMSType();
                default -> message.getObjectProperty(name);
            };
        } catch (JMSException e) {
            return null;
        }
    }
}
