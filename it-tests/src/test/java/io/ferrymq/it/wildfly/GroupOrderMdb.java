package io.ferrymq.it.wildfly;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server side (test 4): 4 sessions on queue {@code wf-groups}; records {@code group seq thread concurrent} per
 * delivery in {@link Records} log {@code groups}, where {@code concurrent} is how many deliveries of this MDB were
 * running at that moment (bean instances and sessions really overlap).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf-groups"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4"),
        @ActivationConfigProperty(propertyName = "prefetchSize", propertyValue = "4")})
@ResourceAdapter(Deployments.RAR)
public class GroupOrderMdb implements MessageListener {
    private static final AtomicInteger RUNNING = new AtomicInteger();

    @Override
    public void onMessage(Message message) {
        int running = RUNNING.incrementAndGet();
        try {
            String group = message.getStringProperty("JMSXGroupID");
            int seq = message.getIntProperty("seq");
            Thread.sleep(15);     // long enough for other sessions' deliveries to overlap this one
            Records.add("groups", group + " " + seq + " " + Thread.currentThread().getName().replace(' ', '_') + " "
                    + running);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
