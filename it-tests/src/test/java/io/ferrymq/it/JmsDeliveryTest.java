package io.ferrymq.it;

import io.ferrymq.jms.FerryConnectionFactory;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery features (spec 3.4, 7.3, 8.7): delivery delay, expiry, redelivery counting and the group's dead-letter
 * queue read as a JMS queue, message groups in order to one consumer at a time, asynchronous send.
 */
class JmsDeliveryTest extends JmsTestBase {

    @Test
    void aDelayedMessageIsNotDeliveredBeforeItsDeliveryTime() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("delayed"));
        MessageProducer p = s.createProducer(q);
        p.setDeliveryDelay(2_000);
        TextMessage m = s.createTextMessage("later");
        long sentAt = System.currentTimeMillis();
        p.send(m);
        assertThat(m.getJMSDeliveryTime()).isGreaterThanOrEqualTo(sentAt + 2_000);
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(consumer.receive(1_000)).as("not before its time").isNull();
        Message got = consumer.receive(15_000);
        long receivedAt = System.currentTimeMillis();
        assertThat(text(got)).isEqualTo("later");
        assertThat(receivedAt).isGreaterThanOrEqualTo(m.getJMSDeliveryTime());
        assertThat(got.getJMSDeliveryTime()).isEqualTo(m.getJMSDeliveryTime());
    }

    @Test
    void anExpiredMessageIsNeverDelivered() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("expiry"));
        MessageProducer p = s.createProducer(q);
        p.setTimeToLive(300);
        p.send(s.createTextMessage("short-lived"));
        p.setTimeToLive(0);
        p.send(s.createTextMessage("kept"));
        Thread.sleep(600);
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(receiveTexts(consumer, 2, 3_000)).containsExactly("kept");
    }

    @Test
    void afterTheMaximumDeliveriesAMessageGoesToTheDeadLetterQueueReadableAsAQueue() throws Exception {
        FerryConnectionFactory f = factory();
        f.setMaxDeliveryAttempts(2);
        Connection c = closeLater(f.createConnection());
        c.start();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        String name = unique("poison");
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createTextMessage("poison"));
        MessageConsumer consumer = s.createConsumer(q);
        Message first = consumer.receive(10_000);
        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        s.recover();
        Message second = consumer.receive(10_000);
        assertThat(second.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        s.recover();
        assertThat(consumer.receive(1_500)).as("no third delivery").isNull();

        // The queue's consumer group is JMS_Q_<queue>; its dead-letter queue is %DLQ%JMS_Q_<queue>.
        Session reader = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message dead = reader.createConsumer(reader.createQueue("%DLQ%JMS_Q_" + name)).receive(10_000);
        assertThat(text(dead)).isEqualTo("poison");
        assertThat(dead.getJMSMessageID()).isEqualTo(first.getJMSMessageID());
    }

    @Test
    void messageGroupsGoInOrderToOneConsumerAtATime() throws Exception {
        Connection c = connection();
        String name = unique("groups");
        Map<String, String> busy = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(60);
        for (int i = 0; i < 2; i++) {
            String consumerName = "c" + i;
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(s.createQueue(name)).setMessageListener(m -> {
                try {
                    String group = m.getStringProperty("JMSXGroupID");
                    String other = busy.putIfAbsent(group, consumerName);
                    if (other != null) {
                        overlaps.add(group + " on " + other + " and " + consumerName);
                    }
                    seen.computeIfAbsent(group, g -> Collections.synchronizedList(new ArrayList<>()))
                            .add(m.getIntProperty("JMSXGroupSeq"));
                    Thread.sleep(3);
                    busy.remove(group, consumerName);
                    all.countDown();
                } catch (JMSException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        Session sender = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = sender.createProducer(sender.createQueue(name));
        for (int seq = 1; seq <= 20; seq++) {
            for (String group : List.of("g-a", "g-b", "g-c")) {
                TextMessage m = sender.createTextMessage(group + "/" + seq);
                m.setStringProperty("JMSXGroupID", group);
                m.setIntProperty("JMSXGroupSeq", seq);
                p.send(m);
            }
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps).isEmpty();
        List<Integer> expected = new ArrayList<>();
        for (int seq = 1; seq <= 20; seq++) {
            expected.add(seq);
        }
        for (String group : List.of("g-a", "g-b", "g-c")) {
            assertThat(seen.get(group)).as(group).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void expeditedMessagesOvertakeNormalOnesWaitingInTheSameBatch() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("priority"));
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 4; i++) {
            p.send(s.createTextMessage("normal" + i), jakarta.jms.DeliveryMode.PERSISTENT, 1, 0);
        }
        for (int i = 0; i < 4; i++) {
            p.send(s.createTextMessage("urgent" + i), jakarta.jms.DeliveryMode.PERSISTENT, 9, 0);
        }
        // All eight wait in the queue (the browser sees them), so the consumer's first fetch brings them together.
        jakarta.jms.QueueBrowser browser = s.createBrowser(q);
        OrderedConsumptionTest.await("eight messages in the queue", 10,
                () -> {
                    try {
                        return Collections.list(browser.getEnumeration()).size() == 8;
                    } catch (JMSException e) {
                        return false;
                    }
                });
        assertThat(receiveTexts(s.createConsumer(q), 8, 10_000)).containsExactly("urgent0", "urgent1", "urgent2",
                "urgent3", "normal0", "normal1", "normal2", "normal3");
    }

    @Test
    void anAsynchronousSendCallsItsCompletionListenerInOrder() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("async"));
        MessageProducer p = s.createProducer(q);
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            p.send(s.createTextMessage("m" + i), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        completed.add(text(message));
                    } catch (JMSException e) {
                        failure.set(e);
                    }
                    done.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failure.set(exception);
                    done.countDown();
                }
            });
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isNull();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("m" + i);
        }
        assertThat(completed).containsExactlyElementsOf(expected);
        assertThat(receiveTexts(s.createConsumer(q), 10, 10_000)).containsExactlyElementsOf(expected);
    }
}
