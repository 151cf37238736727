package io.ferrymq.examples.ee;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.logging.Logger;

/**
 * Ships placed orders: consumes FerryMQ queue {@code orders} through the FerryMQ resource adapter and marks each order
 * SHIPPED, the receive and the update in one container (XA) transaction per message. Bound to the adapter by
 * {@code WEB-INF/jboss-ejb3.xml}; up to {@code maxSession} instances run at once, each on one thread.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "orders"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2"),
        @ActivationConfigProperty(propertyName = "maxRedeliveries", propertyValue = "4")})
public class OrderProcessor implements MessageListener {
    private static final Logger LOG = Logger.getLogger(OrderProcessor.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Override
    public void onMessage(Message message) {
        long id;
        int delivery;
        try {
            id = Long.parseLong(message.getBody(String.class));
            delivery = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
        } catch (JMSException | NumberFormatException e) {
            throw new IllegalArgumentException("not an order message: " + message, e);
        }
        CustomerOrder order = em.find(CustomerOrder.class, id);
        if (order == null) {
            // Not expected (the row commits with the message), but a message is never lost for it: throwing rolls
            // this transaction back, so FerryMQ delivers the message again, up to maxRedeliveries times, then it
            // goes to the dead-letter queue %DLQ%JMS_Q_orders.
            throw new IllegalStateException("order " + id + " not found; delivery " + delivery + " rolled back");
        }
        order.ship();
        LOG.info(() -> "FerryMQ example: order " + id + " (" + order.getItem() + ") SHIPPED, delivery " + delivery);
    }
}
