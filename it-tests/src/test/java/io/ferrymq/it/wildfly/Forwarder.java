package io.ferrymq.it.wildfly;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Server side: an MDB's receive-process-send: forwards a text message to another queue through the adapter's
 * connection factory, in the MDB's transaction (so the forward is delivered only if the delivery commits).
 */
final class Forwarder {
    private Forwarder() {
    }

    static void forward(ConnectionFactory factory, Message in, String queue, String via) {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            TextMessage out = session.createTextMessage(((TextMessage) in).getText());
            out.setStringProperty("via", via);
            out.setIntProperty("deliveryCount", in.getIntProperty("JMSXDeliveryCount"));
            session.createProducer(session.createQueue(queue)).send(out);
        } catch (JMSException e) {
            throw new IllegalStateException("forward to " + queue + " failed", e);
        }
    }
}
