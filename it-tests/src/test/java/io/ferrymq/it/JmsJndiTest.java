package io.ferrymq.it;

import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.jms.jndi.FerryInitialContextFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.naming.CompositeName;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JNDI as a plain Java SE JMS client uses it ({@code jndi.properties} or the same keys in a Hashtable, with
 * {@link FerryInitialContextFactory}): connection factories under custom names with options in their URL, queues and
 * topics under JNDI names, dynamic destinations, and plain JMS code working end to end with what it looked up.
 */
class JmsJndiTest extends JmsTestBase {

    private static String clusterUrl() {
        return "ferrymq://" + cluster.namesrvAddr();
    }

    private static Hashtable<String, String> environment() {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FerryInitialContextFactory.class.getName());
        return env;
    }

    private Context context(Hashtable<String, String> env) throws Exception {
        Context ctx = new InitialContext(env);
        closeLater(ctx::close);
        return ctx;
    }

    @Test
    void factoriesQueuesAndTopicsLookedUpByTheirJndiNamesWorkAgainstTheCluster() throws Exception {
        String queueName = unique("jndi.orders");
        String topicName = unique("jndi.prices");
        String clientId = unique("jndi-app");
        Hashtable<String, String> env = environment();
        env.put("connectionFactory.jms/ordersCF", clusterUrl() + "?prefetchSize=5&clientID=" + clientId);
        env.put("queue.jms/queue/orders", queueName);
        env.put("topic.prices", topicName);
        Context ctx = context(env);

        ConnectionFactory cf = (ConnectionFactory) ctx.lookup("jms/ordersCF");
        assertThat(cf).isInstanceOf(FerryConnectionFactory.class);
        assertThat(((FerryConnectionFactory) cf).getPrefetchSize()).isEqualTo(5);
        assertThat(((FerryConnectionFactory) cf).getNamesrvAddr()).isEqualTo(cluster.namesrvAddr());
        assertThat(ctx.lookup("jms/ordersCF")).as("the same factory on every lookup").isSameAs(cf);
        assertThat(ctx.lookup("jms")).isInstanceOf(Context.class);
        assertThat(((Context) ctx.lookup("jms")).lookup("queue/orders")).isInstanceOf(Queue.class);

        Queue orders = (Queue) ctx.lookup(new CompositeName("jms/queue/orders"));
        assertThat(orders.getQueueName()).isEqualTo(queueName);
        Topic prices = (Topic) ctx.lookup("prices");
        assertThat(prices.getTopicName()).isEqualTo(topicName);
        Queue sameQueue = (Queue) ctx.lookup("dynamicQueues/" + queueName);
        assertThat(sameQueue).isEqualTo(orders);

        // Plain JMS with what JNDI gave: the client id comes from the factory's URL.
        Connection connection = closeLater(cf.createConnection());
        assertThat(connection.getClientID()).isEqualTo(clientId);
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createProducer(orders).send(session.createTextMessage("order-1"));
        MessageConsumer byDynamicName = session.createConsumer(sameQueue);
        assertThat(text(byDynamicName.receive(10_000))).isEqualTo("order-1");
        byDynamicName.close();

        // A durable subscription needs the client id, which the JNDI factory set.
        TopicSubscriber subscriber = session.createDurableSubscriber(prices, "jndi-sub");
        session.createProducer(prices).send(session.createTextMessage("price-1"));
        assertThat(text(subscriber.receive(10_000))).isEqualTo("price-1");
        subscriber.close();
        session.unsubscribe("jndi-sub");

        // One client id, one connection at a time (JMS 6.1.2): a second connection from this factory is refused.
        assertThatThrownBy(cf::createConnection).isInstanceOf(InvalidClientIDException.class);
    }

    @Test
    void theProviderUrlDefinesConnectionFactoryAndDynamicTopicsNeedNoBinding() throws Exception {
        Hashtable<String, String> env = environment();
        env.put(Context.PROVIDER_URL, clusterUrl() + "?prefetchSize=2");
        env.put("connectionFactory.reportingCF", clusterUrl());
        Context ctx = context(env);
        String topicName = unique("jndi.events");

        ConnectionFactory cf = (ConnectionFactory) ctx.lookup("ConnectionFactory");
        assertThat(((FerryConnectionFactory) cf).getPrefetchSize()).isEqualTo(2);
        ConnectionFactory reporting = (ConnectionFactory) ctx.lookup("reportingCF");
        assertThat(((FerryConnectionFactory) reporting).getPrefetchSize()).isEqualTo(32);

        Topic events = (Topic) ctx.lookup("dynamicTopics/" + topicName);
        assertThat(events.getTopicName()).isEqualTo(topicName);
        Connection subscriberSide = closeLater(reporting.createConnection());
        subscriberSide.start();
        Session s1 = subscriberSide.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer subscriber = s1.createConsumer(events);

        Connection publisherSide = closeLater(cf.createConnection());
        Session s2 = publisherSide.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s2.createProducer((Topic) ctx.lookup("dynamicTopics/" + topicName)).send(s2.createTextMessage("started"));
        assertThat(text(subscriber.receive(10_000))).isEqualTo("started");
    }

    @Test
    void missingNamesAndBadEntriesFailAsJndiSays() throws Exception {
        Hashtable<String, String> env = environment();
        env.put("connectionFactory.jms/cf", clusterUrl());
        env.put("queue.jms/queue/orders", "orders");
        Context ctx = context(env);

        assertThatThrownBy(() -> ctx.lookup("jms/nope")).isInstanceOf(NameNotFoundException.class)
                .hasMessageContaining("FMQ-JMS-904");
        assertThatThrownBy(() -> ctx.lookup("jms/queue/nope")).isInstanceOf(NameNotFoundException.class);
        assertThatThrownBy(() -> ctx.lookup("ConnectionFactory"))
                .as("no default factory once connectionFactory.* names one").isInstanceOf(NameNotFoundException.class);
        assertThatThrownBy(() -> ctx.lookup("orders")).as("queues are bound under their JNDI name only")
                .isInstanceOf(NameNotFoundException.class);

        Hashtable<String, String> bad = environment();
        bad.put("connectionFactory.jms/cf", clusterUrl() + "?prefetchSize=0");
        assertThatThrownBy(() -> new InitialContext(bad)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("FMQ-JMS-906").hasMessageContaining("connectionFactory.jms/cf")
                .hasMessageContaining("prefetchSize");
    }

    @Test
    void aJndiPropertiesFileOnTheClassPathIsAllAClientNeeds(@TempDir Path dir) throws Exception {
        String queueName = unique("jndi.file");
        Files.writeString(dir.resolve("jndi.properties"), String.join("\n",
                "java.naming.factory.initial = " + FerryInitialContextFactory.class.getName(),
                "connectionFactory.jms/fileCF = " + clusterUrl() + "?prefetchSize=3",
                "queue.jms/queue/work = " + queueName,
                ""));
        // Only this test's class loader sees the file; the JDK reads jndi.properties through the context class loader.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            Context ctx = new InitialContext();
            try {
                ConnectionFactory cf = (ConnectionFactory) ctx.lookup("jms/fileCF");
                Queue work = (Queue) ctx.lookup("jms/queue/work");
                assertThat(((FerryConnectionFactory) cf).getPrefetchSize()).isEqualTo(3);
                assertThat(work.getQueueName()).isEqualTo(queueName);

                try (Connection connection = cf.createConnection()) {
                    connection.start();
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    session.createProducer(work).send(session.createTextMessage("from jndi.properties"));
                    assertThat(text(session.createConsumer(work).receive(10_000))).isEqualTo("from jndi.properties");
                }
            } finally {
                ctx.close();
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
