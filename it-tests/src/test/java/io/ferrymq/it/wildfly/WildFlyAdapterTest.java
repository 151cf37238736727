package io.ferrymq.it.wildfly;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource adapter in a real WildFly (Arquillian, managed server, standalone-full): the built .rar deployed with
 * a test {@code ironjacamar.xml} (pooled XA connection factory {@code java:/jms/FerryCF} with recovery, admin-object
 * queues), then an application with CMT beans, MDBs bound to the adapter and an XA datasource on H2. The tests
 * drive it over HTTP and check outcomes from this JVM with FerryMQ's JMS provider and JDBC.
 */
@ExtendWith(WildFlySuite.class)      // first: the cluster and port offset exist before Arquillian starts anything
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WildFlyAdapterTest {
    static final String CONTAINER = "wildfly";
    private static final String APP = "ferrymq-it";
    private static TestClient client;

    @ArquillianResource
    private ContainerController controller;

    @Deployment(name = "adapter", order = 1, testable = false)
    @TargetsContainer(WildFlyAdapterTest.CONTAINER)     // a manual container deploys only what names it
    static ResourceAdapterArchive adapter() {
        return Deployments.adapter(List.of("wf-cmt", "wf-xa-orders"), List.of());
    }

    @Deployment(name = "app", order = 2, testable = false)
    @TargetsContainer(WildFlyAdapterTest.CONTAINER)
    static WebArchive app() {
        return Deployments.webApp(APP, null, AdapterServlet.class, SenderBean.class, OrderBean.class, OrderWork.class,
                End.class, Forwarder.class, Records.class, QueueMdb.class, DurableTopicMdb.class, PoisonMdb.class,
                GroupOrderMdb.class);
    }

    /** Starts the server for this class (a no-op when it runs; Arquillian stops it after the class) and deploys. */
    @BeforeEach
    void server() throws JMSException {
        controller.start(CONTAINER);
        if (client == null) {
            client = new TestClient(WildFlySuite.get().appUrl(APP));
        }
    }

    @AfterAll
    static void closeClient() throws JMSException {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Test
    void injectedConnectionFactorySendsInContainerTransactionsCommitDeliversRollbackDoesNot() throws Exception {
        assertThat(client.call("send", Map.of("body", "rolled back by setRollbackOnly", "outcome", "rollbackOnly")))
                .isEqualTo("ok");
        assertThat(client.call("send", Map.of("body", "rolled back by an exception", "outcome", "throw")))
                .startsWith("failed: ").contains("the test asked this transaction to fail");
        assertThat(client.call("send", Map.of("body", "committed", "outcome", "commit"))).isEqualTo("ok");

        List<Message> got = client.receive("wf-cmt", 1, 30_000, 3_000);
        assertThat(bodies(got)).as("only the committed send is delivered").containsExactly("committed");
        assertThat(got.get(0).getStringProperty("outcome")).isEqualTo("commit");
    }

    @Test
    void mdbReceivesFromAQueue() throws Exception {
        Set<String> sent = new TreeSet<>();
        try (Session s = client.session()) {
            for (int i = 0; i < 10; i++) {
                String body = "queue message " + i;
                s.createProducer(s.createQueue("wf-in")).send(s.createTextMessage(body));
                sent.add(body);
            }
        }
        List<Message> forwarded = client.receive("wf-in-out", 10, 60_000, 2_000);
        assertThat(bodies(forwarded)).as("each message once, forwarded by the MDB in its transaction")
                .containsExactlyInAnyOrderElementsOf(sent);
        for (Message m : forwarded) {
            assertThat(m.getStringProperty("via")).isEqualTo("QueueMdb");
            assertThat(m.getIntProperty("deliveryCount")).as("first delivery").isEqualTo(1);
        }
    }

    @Test
    void mdbReceivesFromADurableTopicSubscription() throws Exception {
        List<String> sent = new ArrayList<>();
        try (Session s = client.session()) {
            for (int i = 0; i < 5; i++) {
                String body = "news " + i;
                s.createProducer(s.createTopic("wf-news")).send(s.createTextMessage(body));
                sent.add(body);
            }
        }
        List<Message> forwarded = client.receive("wf-news-out", 5, 60_000, 2_000);
        assertThat(bodies(forwarded)).as("an unshared durable subscription has one session: in order, each once")
                .containsExactlyElementsOf(sent);
        assertThat(forwarded).allSatisfy(m -> assertThat(m.getStringProperty("via")).isEqualTo("DurableTopicMdb"));
    }

    @Test
    void throwingMdbGetsRedeliveriesThenTheMessageGoesToItsGroupsDeadLetterQueue() throws Exception {
        client.send("wf-poison", "poison pill");
        List<Message> dead = client.receive("%DLQ%JMS_Q_wf-poison", 1, 90_000, 2_000);
        assertThat(bodies(dead)).as("dead-lettered once after maxRedeliveries=2").containsExactly("poison pill");
        assertThat(client.records("poison")).as("delivery count and JMSRedelivered of each delivery")
                .containsExactly("poison pill 1 false", "poison pill 2 true", "poison pill 3 true");
    }

    @Test
    void groupsStayInOrderAcrossFourConcurrentSessions() throws Exception {
        int groups = 6;
        int perGroup = 20;
        try (Session s = client.session()) {
            var producer = s.createProducer(s.createQueue("wf-groups"));
            for (int seq = 0; seq < perGroup; seq++) {
                for (int g = 0; g < groups; g++) {
                    TextMessage m = s.createTextMessage("g" + g + "-" + seq);
                    m.setStringProperty("JMSXGroupID", "g" + g);
                    m.setIntProperty("seq", seq);
                    producer.send(m);
                }
            }
        }
        List<String> lines = awaitRecords("groups", groups * perGroup, 90_000);
        assertThat(lines).hasSize(groups * perGroup);
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        Set<String> threads = new HashSet<>();
        int maxConcurrent = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            byGroup.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Integer.parseInt(f[1]));
            threads.add(f[2]);
            maxConcurrent = Math.max(maxConcurrent, Integer.parseInt(f[3]));
        }
        List<Integer> inOrder = new ArrayList<>();
        for (int seq = 0; seq < perGroup; seq++) {
            inOrder.add(seq);
        }
        assertThat(byGroup).hasSize(groups);
        byGroup.forEach((group, seqs) -> assertThat(seqs).as("order of group " + group).isEqualTo(inOrder));
        assertThat(threads).as("deliveries ran on several sessions' threads").hasSizeGreaterThan(1);
        assertThat(maxConcurrent).as("deliveries overlapped (several MDB instances at once)").isGreaterThan(1);
    }

    @Test
    void xaTransactionSpansTheDatasourceAndTheSend() throws Exception {
        assertThat(client.call("order", Map.of("id", "xa-1", "item", "committed", "outcome", "commit")))
                .isEqualTo("ok");
        assertThat(client.call("order", Map.of("id", "xa-2", "item", "flagged", "outcome", "rollbackOnly")))
                .isEqualTo("ok");
        assertThat(client.call("order", Map.of("id", "xa-3", "item", "thrown", "outcome", "throw")))
                .startsWith("failed: ");

        assertThat(rows("xa-%")).as("rows committed").containsExactly("xa-1");
        List<Message> sent = client.receive("wf-xa-orders", 1, 30_000, 3_000);
        assertThat(sent).as("messages delivered").hasSize(1);
        assertThat(sent.get(0).getStringProperty("orderId")).isEqualTo("xa-1");
        assertThat(((TextMessage) sent.get(0)).getText()).isEqualTo("committed");
    }

    private List<String> awaitRecords(String log, int count, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> lines = client.records(log);
        while (lines.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            lines = client.records(log);
        }
        Thread.sleep(500);
        return client.records(log);
    }

    static List<String> rows(String idPattern) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var c = WildFlySuite.get().h2().connection(WildFlySuite.DATABASE);
             var ps = c.prepareStatement("SELECT id FROM orders WHERE id LIKE ? ORDER BY id")) {
            ps.setString(1, idPattern);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    static List<String> bodies(List<Message> messages) throws JMSException {
        List<String> bodies = new ArrayList<>();
        for (Message m : messages) {
            bodies.add(((TextMessage) m).getText());
        }
        return bodies;
    }
}
