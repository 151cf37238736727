package io.ferrymq.examples;

import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.store.FlushDiskType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.nio.file.Path;

/**
 * The quickstart: a local FerryMQ cluster (one nameserver, one master broker, data in a local folder)
 * and standard JMS code through it — a queue's messages sent, then received, and a topic's message reaching
 * its subscriber — printing what was sent and received. Ports are picked
 * free, so it runs next to anything else; run it again and the broker recovers its data.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "ferrymq-data").toAbsolutePath().normalize();
        EmbeddedCluster cluster = EmbeddedCluster.start(data, b -> { },
                s -> s.setFlushDiskType(FlushDiskType.SYNC_FLUSH));
        String namesrvAddr = cluster.namesrvAddr();
        System.out.printf("FerryMQ running: nameserver %s, broker %s, data in %s%n", namesrvAddr, cluster.brokerAddr(),
                data);

        int count = 5;
        // Standard Jakarta Messaging code from here on: only the factory is FerryMQ's.
        ConnectionFactory factory = new FerryConnectionFactory("ferrymq://" + namesrvAddr);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("quickstart.orders");
            Topic topic = session.createTopic("quickstart.news");
            MessageConsumer subscriber = session.createConsumer(topic);
            MessageProducer producer = session.createProducer(null);
            for (int i = 0; i < count; i++) {
                TextMessage m = session.createTextMessage("Hello FerryMQ " + i);
                m.setIntProperty("orderNo", i);
                producer.send(queue, m);
                System.out.printf("sent     %-18s to %s as %s%n", m.getText(), queue, m.getJMSMessageID());
            }
            producer.send(topic, session.createTextMessage("news for every subscriber"));
            // Messages sent before the queue's first consumer existed wait in the queue.
            MessageConsumer receiver = session.createConsumer(queue);
            for (int i = 0; i < count; i++) {
                Message m = receiver.receive(30_000);
                if (m == null) {
                    System.out.println("Not every message arrived within 30 s: see the log above.");
                    break;
                }
                System.out.printf("received %-18s orderNo %d, delivery %d%n", ((TextMessage) m).getText(),
                        m.getIntProperty("orderNo"), m.getIntProperty("JMSXDeliveryCount"));
            }
            Message news = subscriber.receive(30_000);
            System.out.printf("topic    %s%n", news == null ? "(nothing)" : ((TextMessage) news).getText());
        } finally {
            cluster.close();
        }
        System.out.println("Done: the broker shut down cleanly; its data stays in " + data);
    }
}
