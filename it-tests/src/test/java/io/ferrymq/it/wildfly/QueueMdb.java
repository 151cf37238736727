package io.ferrymq.it.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/** Server side (test 2): consumes queue {@code wf-in} through the adapter and forwards each message to {@code wf-in-out}. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf-in"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")})
@ResourceAdapter(Deployments.RAR)
public class QueueMdb implements MessageListener {
    @Resource(lookup = "java:/jms/FerryCF")
    private ConnectionFactory factory;

    @Override
    public void onMessage(Message message) {
        Forwarder.forward(factory, message, "wf-in-out", "QueueMdb");
    }
}
