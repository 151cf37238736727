package io.ferrymq.it;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** JMS queues (spec 4.1, 6.2): point-to-point delivery, competing consumers, acknowledgement, browsing, temporary queues. */
class JmsQueueTest extends JmsTestBase {

    @Test
    void aMessageSentToAQueueIsReceivedWithItsHeadersAndProperties() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("jms.queue/basic"));
        MessageProducer p = s.createProducer(q);
        TextMessage sent = s.createTextMessage("hello");
        sent.setStringProperty("who", "me");
        sent.setIntProperty("n", 7);
        sent.setJMSCorrelationID("corr-1");
        sent.setJMSType("greeting");
        p.send(sent, DeliveryMode.PERSISTENT, 6, 0);
        assertThat(sent.getJMSMessageID()).startsWith("ID:");
        assertThat(sent.getJMSDestination()).isEqualTo(q);

        Message got = s.createConsumer(q).receive(10_000);
        assertThat(text(got)).isEqualTo("hello");
        assertThat(got.getJMSMessageID()).isEqualTo(sent.getJMSMessageID());
        assertThat(got.getJMSDestination()).isEqualTo(q);
        assertThat(got.getJMSPriority()).isEqualTo(6);
        assertThat(got.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(got.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(got.getJMSType()).isEqualTo("greeting");
        assertThat(got.getJMSRedelivered()).isFalse();
        assertThat(got.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(got.getStringProperty("who")).isEqualTo("me");
        assertThat(got.getIntProperty("n")).isEqualTo(7);
        assertThat(got.getJMSTimestamp()).isEqualTo(sent.getJMSTimestamp());
    }

    @Test
    void messagesSentBeforeAnyConsumerExistedWaitInTheQueueAndComeInOrder() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("early"));
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 20; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        List<String> got = receiveTexts(s.createConsumer(q), 20, 10_000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("m" + i);
        }
        assertThat(got).as("one producer session's order").containsExactlyElementsOf(expected);
    }

    @Test
    void competingConsumersShareTheQueueAndNoMessageGoesToTwo() throws Exception {
        Connection c1 = connection();
        Connection c2 = connection();
        String name = unique("compete");
        Session s1 = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(100);
        int[] perConsumer = new int[2];
        for (int i = 0; i < 2; i++) {
            int index = i;
            Session s = i == 0 ? s1 : s2;
            s.createConsumer(s.createQueue(name)).setMessageListener(m -> {
                try {
                    if (!seen.add(text(m))) {
                        duplicates.add(text(m));
                    }
                    perConsumer[index]++;
                    all.countDown();
                    Thread.sleep(5);
                } catch (JMSException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        // Two producer sessions (a session with a listener belongs to its delivery thread).
        Session s3 = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s4 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s3.createProducer(s3.createQueue(name));
        MessageProducer p2 = s4.createProducer(s4.createQueue(name));
        for (int i = 0; i < 50; i++) {
            p.send(s3.createTextMessage("a" + i));
            p2.send(s4.createTextMessage("b" + i));
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(100);
        assertThat(duplicates).isEmpty();
        assertThat(perConsumer[0]).isPositive();
        assertThat(perConsumer[1]).isPositive();
    }

    @Test
    void clientAcknowledgeWithRecoverRedeliversTheUnacknowledgedInOrder() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("client-ack"));
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 5; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        Message m0 = consumer.receive(10_000);
        Message m1 = consumer.receive(10_000);
        assertThat(text(m0)).isEqualTo("m0");
        assertThat(text(m1)).isEqualTo("m1");
        m1.acknowledge(); // acknowledges m0 and m1: everything the session consumed
        Message m2 = consumer.receive(10_000);
        assertThat(text(m2)).isEqualTo("m2");
        s.recover();
        Message again = consumer.receive(10_000);
        assertThat(text(again)).isEqualTo("m2");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(receiveTexts(consumer, 2, 10_000)).containsExactly("m3", "m4");
    }

    @Test
    void unacknowledgedMessagesOfAClosedClientAckSessionGoToTheNextConsumer() throws Exception {
        Connection c = connection();
        String name = unique("client-ack-close");
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createTextMessage("kept"));
        assertThat(text(s.createConsumer(q).receive(10_000))).isEqualTo("kept");
        s.close();

        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message again = s2.createConsumer(s2.createQueue(name)).receive(10_000);
        assertThat(text(again)).isEqualTo("kept");
        assertThat(again.getJMSRedelivered()).isTrue();
    }

    @Test
    void aListenerThatThrowsInAutoAcknowledgeGetsTheMessageAgain() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("listener-throws"));
        List<Integer> counts = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch twice = new CountDownLatch(2);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            twice.countDown();
            if (counts.size() == 1) {
                throw new RuntimeException("first time fails");
            }
        });
        Session sender = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(q).send(sender.createTextMessage("x"));
        assertThat(twice.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(counts).containsExactly(1, 2);
    }

    @Test
    void aBrowserShowsMessagesWithoutConsumingThem() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(unique("browse"));
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 6; i++) {
            TextMessage m = s.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            p.send(m);
        }
        QueueBrowser all = s.createBrowser(q);
        List<String> browsed = new ArrayList<>();
        java.util.Enumeration<?> e = all.getEnumeration();
        while (e.hasMoreElements()) {
            browsed.add(text((Message) e.nextElement()));
        }
        assertThat(browsed).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
        QueueBrowser even = s.createBrowser(q, "n = 0 OR n = 2 OR n = 4");
        assertThat(Collections.list(even.getEnumeration())).hasSize(3);
        assertThat(receiveTexts(s.createConsumer(q), 6, 10_000)).hasSize(6);
    }

    @Test
    void requestReplyThroughATemporaryQueue() throws Exception {
        Connection server = connection();
        Connection client = connection();
        String service = unique("service");
        Session ss = server.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer replies = ss.createProducer(null);
        ss.createConsumer(ss.createQueue(service)).setMessageListener(request -> {
            try {
                TextMessage reply = ss.createTextMessage("re: " + text(request));
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        Session cs = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replyTo = cs.createTemporaryQueue();
        MessageConsumer replyConsumer = cs.createConsumer(replyTo);
        TextMessage request = cs.createTextMessage("ping");
        request.setJMSReplyTo(replyTo);
        cs.createProducer(cs.createQueue(service)).send(request);
        Message reply = replyConsumer.receive(15_000);
        assertThat(text(reply)).isEqualTo("re: ping");
        assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
    }
}
