package io.ferrymq.it.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/**
 * Server side (test 2): a durable subscription {@code news} (client id {@code wf-it}) of topic {@code wf-news},
 * forwarding each message to {@code wf-news-out}.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf-news"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "Durable"),
        @ActivationConfigProperty(propertyName = "clientId", propertyValue = "wf-it"),
        @ActivationConfigProperty(propertyName = "subscriptionName", propertyValue = "news")})
@ResourceAdapter(Deployments.RAR)
public class DurableTopicMdb implements MessageListener {
    @Resource(lookup = "java:/jms/FerryCF")
    private ConnectionFactory factory;

    @Override
    public void onMessage(Message message) {
        Forwarder.forward(factory, message, "wf-news-out", "DurableTopicMdb");
    }
}
