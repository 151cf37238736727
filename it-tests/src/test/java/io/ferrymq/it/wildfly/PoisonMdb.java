package io.ferrymq.it.wildfly;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import org.jboss.ejb3.annotation.ResourceAdapter;

/**
 * Server side (test 3): records every delivery of queue {@code wf-poison} (body, JMSXDeliveryCount, JMSRedelivered)
 * in {@link Records} log {@code poison}, then throws, so the container rolls the delivery back; with
 * {@code maxRedeliveries=2} a message is delivered 3 times and then goes to {@code %DLQ%JMS_Q_wf-poison}.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf-poison"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1"),
        @ActivationConfigProperty(propertyName = "maxRedeliveries", propertyValue = "2")})
@ResourceAdapter(Deployments.RAR)
public class PoisonMdb implements MessageListener {
    @Override
    public void onMessage(Message message) {
        try {
            Records.add("poison", ((TextMessage) message).getText() + " " + message.getIntProperty("JMSXDeliveryCount")
                    + " " + message.getJMSRedelivered());
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("PoisonMdb refuses every message (test)");
    }
}
