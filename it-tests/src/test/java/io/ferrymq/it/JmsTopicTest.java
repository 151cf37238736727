package io.ferrymq.it;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS topics and subscriptions (spec 4.2, 8): non-durable, durable, shared, shared durable, noLocal, selectors. */
class JmsTopicTest extends JmsTestBase {

    @Test
    void everyNonDurableSubscriberGetsEveryMessagePublishedAfterItSubscribed() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(unique("news"));
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("before"));
        MessageConsumer a = s.createConsumer(t);
        MessageConsumer b = s.createConsumer(t);
        for (int i = 0; i < 5; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        assertThat(receiveTexts(a, 5, 10_000)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(receiveTexts(b, 5, 10_000)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(a.receive(300)).isNull();
    }

    @Test
    void aQueueAndATopicOfTheSameNameDoNotSeeEachOthersMessages() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String name = unique("same-name");
        Queue q = s.createQueue(name);
        Topic t = s.createTopic(name);
        MessageConsumer topicConsumer = s.createConsumer(t);
        s.createProducer(q).send(s.createTextMessage("to the queue"));
        s.createProducer(t).send(s.createTextMessage("to the topic"));
        assertThat(text(topicConsumer.receive(10_000))).isEqualTo("to the topic");
        assertThat(topicConsumer.receive(300)).isNull();
        MessageConsumer queueConsumer = s.createConsumer(q);
        assertThat(text(queueConsumer.receive(10_000))).isEqualTo("to the queue");
        assertThat(queueConsumer.receive(300)).isNull();
    }

    @Test
    void aDurableSubscriptionKeepsMessagesWhileItsConsumerIsAwayUntilUnsubscribed() throws Exception {
        String topicName = unique("durable");
        String clientId = unique("client");
        Connection c1 = factory().createConnection();
        c1.setClientID(clientId);
        c1.start();
        Session s1 = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s1.createTopic(topicName);
        MessageConsumer sub = s1.createDurableConsumer(t, "sub");
        s1.createProducer(t).send(s1.createTextMessage("while connected"));
        assertThat(text(sub.receive(10_000))).isEqualTo("while connected");
        sub.close();
        s1.createProducer(t).send(s1.createTextMessage("while away"));
        c1.close();

        Connection c2 = closeLater(factory().createConnection());
        c2.setClientID(clientId);
        c2.start();
        Session s2 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer again = s2.createDurableConsumer(s2.createTopic(topicName), "sub");
        assertThat(text(again.receive(10_000))).isEqualTo("while away");
        assertThatThrownBy(() -> s2.unsubscribe("sub")).isInstanceOf(jakarta.jms.IllegalStateException.class);
        again.close();
        s2.unsubscribe("sub");
        s2.createProducer(s2.createTopic(topicName)).send(s2.createTextMessage("after unsubscribe"));
        MessageConsumer fresh = s2.createDurableConsumer(s2.createTopic(topicName), "sub");
        assertThat(fresh.receive(500)).as("a new subscription starts empty").isNull();
    }

    @Test
    void anUnsharedDurableSubscriptionNeedsAClientId() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> s.createDurableConsumer(s.createTopic(unique("t")), "sub"))
                .isInstanceOf(jakarta.jms.IllegalStateException.class).hasMessageContaining("FMQ-JMS-620");
    }

    @Test
    void aSharedSubscriptionSplitsMessagesBetweenItsConsumers() throws Exception {
        Connection c1 = connection();
        Connection c2 = connection();
        String topicName = unique("shared");
        Session s1 = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer a = s1.createSharedConsumer(s1.createTopic(topicName), "workers");
        MessageConsumer b = s2.createSharedConsumer(s2.createTopic(topicName), "workers");
        MessageConsumer other = s1.createSharedDurableConsumer(s1.createTopic(topicName), "auditors");
        Session sender = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = sender.createProducer(sender.createTopic(topicName));
        for (int i = 0; i < 40; i++) {
            p.send(sender.createTextMessage("m" + i));
        }
        Set<String> got = new HashSet<>();
        List<String> fromA = new ArrayList<>();
        List<String> fromB = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (got.size() < 40 && System.currentTimeMillis() < deadline) {
            Message m = a.receive(50);
            if (m != null) {
                fromA.add(text(m));
                assertThat(got.add(text(m))).isTrue();
            }
            m = b.receive(50);
            if (m != null) {
                fromB.add(text(m));
                assertThat(got.add(text(m))).isTrue();
            }
        }
        assertThat(got).hasSize(40);
        assertThat(fromA).isNotEmpty();
        assertThat(fromB).isNotEmpty();
        assertThat(receiveTexts(other, 40, 10_000)).as("another subscription gets them all").hasSize(40);
        other.close();
        s1.unsubscribe("auditors");
    }

    @Test
    void noLocalSubscribersDoNotGetTheirOwnConnectionsMessages() throws Exception {
        Connection mine = connection();
        Connection theirs = connection();
        String topicName = unique("nolocal");
        Session s = mine.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer noLocal = s.createConsumer(s.createTopic(topicName), null, true);
        MessageConsumer all = s.createConsumer(s.createTopic(topicName));
        s.createProducer(s.createTopic(topicName)).send(s.createTextMessage("mine"));
        Session o = theirs.createSession(false, Session.AUTO_ACKNOWLEDGE);
        o.createProducer(o.createTopic(topicName)).send(o.createTextMessage("theirs"));
        assertThat(receiveTexts(noLocal, 2, 3_000)).containsExactly("theirs");
        assertThat(receiveTexts(all, 2, 10_000)).containsExactlyInAnyOrder("mine", "theirs");
    }

    @Test
    void selectorsFilterTopicSubscriptionsInTheBroker() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(unique("select"));
        MessageConsumer urgent = s.createConsumer(t, "JMSPriority > 6 AND region LIKE 'eu%'");
        MessageProducer p = s.createProducer(t);
        for (int i = 0; i < 10; i++) {
            TextMessage m = s.createTextMessage("m" + i);
            m.setStringProperty("region", i % 2 == 0 ? "eu-west" : "us-east");
            p.send(m, jakarta.jms.DeliveryMode.PERSISTENT, i, 0);
        }
        assertThat(receiveTexts(urgent, 10, 3_000)).containsExactly("m8");
        assertThat(urgent.getMessageSelector()).isEqualTo("JMSPriority > 6 AND region LIKE 'eu%'");
    }

    @Test
    void anInvalidSelectorIsRejectedAtCreation() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> s.createConsumer(s.createTopic(unique("t")), "color = "))
                .isInstanceOf(jakarta.jms.InvalidSelectorException.class).hasMessageContaining("position");
        assertThatThrownBy(() -> s.createConsumer(s.createQueue(unique("q")), "a IN (1, 2)"))
                .isInstanceOf(jakarta.jms.InvalidSelectorException.class);
    }

    static String textOf(Message m) throws JMSException {
        return text(m);
    }
}
