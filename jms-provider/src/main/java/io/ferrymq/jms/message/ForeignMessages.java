package io.ferrymq.jms.message;

import io.ferrymq.jms.FerryDestination;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import java.util.Enumeration;

/**
 * Copies messages of other JMS providers into FerryMQ messages, as the spec requires a provider to send them.
 * Reading a foreign bytes or stream body resets it, as any provider must. Stateless; the foreign message is used on the
 * caller's thread only.
 */
public final class ForeignMessages {
    private ForeignMessages() {
    }

    /**
     * A writable FerryMQ copy of the message's body, headers and properties. Properties FerryMQ cannot carry (JMSX
     * properties other than the group ones, other providers' {@code JMS_} properties) are left out, and so is a
     * reply-to that is neither a queue nor a topic, which the spec allows.
     */
    public static FerryMessage toFerryMessage(Message foreign) throws JMSException {
        FerryMessage copy = copyBody(foreign);
        copyHeaders(foreign, copy);
        Enumeration<?> names = foreign.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            if (!name.startsWith("JMS") || name.equals(PropertyNames.JMSX_GROUP_ID)
                    || name.equals(PropertyNames.JMSX_GROUP_SEQ)) {
                copy.setObjectProperty(name, foreign.getObjectProperty(name));
            }
        }
        return copy;
    }

    private static FerryMessage copyBody(Message foreign) throws JMSException {
        if (foreign instanceof TextMessage text) {
            return new FerryTextMessage(text.getText());
        }
        if (foreign instanceof BytesMessage bytes) {
            FerryBytesMessage copy = new FerryBytesMessage();
            bytes.reset();
            byte[] chunk = new byte[8192];
            for (int n = bytes.readBytes(chunk); n > 0; n = bytes.readBytes(chunk)) {
                copy.writeBytes(chunk, 0, n);
            }
            bytes.reset();
            return copy;
        }
        if (foreign instanceof MapMessage map) {
            FerryMapMessage copy = new FerryMapMessage();
            Enumeration<?> names = map.getMapNames();
            while (names.hasMoreElements()) {
                String name = (String) names.nextElement();
                copy.setObject(name, map.getObject(name));
            }
            return copy;
        }
        if (foreign instanceof StreamMessage stream) {
            FerryStreamMessage copy = new FerryStreamMessage();
            stream.reset();
            try {
                while (true) {
                    copy.writeObject(stream.readObject());
                }
            } catch (MessageEOFException end) {
                stream.reset();
            }
            return copy;
        }
        if (foreign instanceof ObjectMessage object) {
            return new FerryObjectMessage(object.getObject());
        }
        return new FerryMessage();
    }

    private static void copyHeaders(Message foreign, FerryMessage copy) throws JMSException {
        copy.setJMSMessageID(foreign.getJMSMessageID());
        copy.setJMSTimestamp(foreign.getJMSTimestamp());
        copy.setJMSCorrelationID(foreign.getJMSCorrelationID());
        copy.setJMSReplyTo(ferryDestinationOrNull(foreign.getJMSReplyTo()));
        copy.setJMSDestination(ferryDestinationOrNull(foreign.getJMSDestination()));
        copy.setJMSDeliveryMode(foreign.getJMSDeliveryMode());
        copy.setJMSRedelivered(foreign.getJMSRedelivered());
        copy.setJMSType(foreign.getJMSType());
        copy.setJMSExpiration(foreign.getJMSExpiration());
        copy.setJMSDeliveryTime(foreign.getJMSDeliveryTime());
        copy.setJMSPriority(foreign.getJMSPriority());
    }

    private static FerryDestination ferryDestinationOrNull(jakarta.jms.Destination destination) {
        if (destination == null) {
            return null;
        }
        try {
            return FerryDestination.from(destination);
        } catch (JMSException e) {
            return null;
        }
    }
}
