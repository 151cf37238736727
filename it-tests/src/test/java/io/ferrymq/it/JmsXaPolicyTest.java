package io.ferrymq.it;

import io.ferrymq.broker.transaction.HalfMessageStatus;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.Message;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.client.TransactionState;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.it.JmsXaTest.TestXid;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker's policies for XA work nobody ends (docs/xa.md), on a broker with short timeouts: a branch left
 * prepared past {@code xaHeuristicTimeout} is rolled back heuristically and reported until forgotten, while the
 * back-check never asks a producer about an XA half; the halves of a branch that never prepared are rolled back
 * after {@code xaUnpreparedHalfTimeout}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JmsXaPolicyTest {
    private static LocalCluster cluster;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().brokerConfig(c -> c.setXaHeuristicTimeout(2_000).setXaCheckInterval(200)
                .setXaUnpreparedHalfTimeout(1_500).setTransactionCheckInterval(200).setTransactionTimeOut(100)).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    private XASession xaSession() throws Exception {
        FerryXAConnectionFactory f = new FerryXAConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        XAConnection c = f.createXAConnection();
        toClose.add(c);
        c.start();
        return c.createXASession();
    }

    private Session plainSession() throws Exception {
        FerryXAConnectionFactory f = new FerryXAConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        jakarta.jms.Connection c = f.createConnection();
        toClose.add(c);
        c.start();
        return c.createSession();
    }

    private static boolean listed(XAResource r, Xid xid) throws XAException {
        return Arrays.stream(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                .anyMatch(x -> Arrays.equals(x.getGlobalTransactionId(), xid.getGlobalTransactionId()));
    }

    private static void await(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aBranchLeftPreparedIsRolledBackHeuristicallyAndReportedUntilForgotten() throws Exception {
        Queue q = new FerryQueue("xa-abandoned-" + System.nanoTime());
        Session plain = plainSession();
        plain.createProducer(q).send(plain.createTextMessage("received by the branch"));

        XASession xs = xaSession();
        XAResource r = xs.getXAResource();
        MessageConsumer consumer = xs.createConsumer(q);
        Xid askedToCommit = TestXid.random();
        r.start(askedToCommit, XAResource.TMNOFLAGS);
        assertNotNull(consumer.receive(5_000));
        xs.createProducer(q).send(xs.createTextMessage("sent by the branch"));
        r.end(askedToCommit, XAResource.TMSUCCESS);
        r.prepare(askedToCommit);
        consumer.close();

        Xid askedToRollBack = TestXid.random();
        r.start(askedToRollBack, XAResource.TMNOFLAGS);
        xs.createProducer(q).send(xs.createTextMessage("sent by the second branch"));
        r.end(askedToRollBack, XAResource.TMSUCCESS);
        r.prepare(askedToRollBack);

        // The heuristic rollback gives the received message back: it is delivered again, nothing the branches sent is.
        MessageConsumer other = plain.createConsumer(q);
        jakarta.jms.Message back = other.receive(15_000);
        assertNotNull(back, "the policy rolled the branch back");
        assertEquals("received by the branch", ((jakarta.jms.TextMessage) back).getText());
        assertTrue(back.getJMSRedelivered());
        assertNull(other.receive(500));

        assertTrue(listed(r, askedToCommit), "a heuristic outcome is reported until the manager forgets it");
        XAException heuristic = assertThrows(XAException.class, () -> r.commit(askedToCommit, false));
        assertEquals(XAException.XA_HEURRB, heuristic.errorCode);
        assertTrue(listed(r, askedToCommit), "still reported after the heuristic answer");
        r.forget(askedToCommit);
        assertTrue(!listed(r, askedToCommit), "forgotten");
        assertEquals(XAException.XAER_NOTA, assertThrows(XAException.class, () -> r.forget(askedToCommit)).errorCode);

        // Asked for what the policy did anyway: plain success, and the branch is forgotten with it.
        r.rollback(askedToRollBack);
        assertTrue(!listed(r, askedToRollBack));
    }

    @Test
    void halvesOfABranchThatNeverPreparedAreRolledBackAndNeverCheckedBack() throws Exception {
        String topic = "xa-orphan-" + System.nanoTime();
        AtomicInteger checks = new AtomicInteger();
        ClientConfig config = new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("orphan-maker");
        try (TransactionProducer producer = new TransactionProducer("xa-orphans", config, half -> {
            checks.incrementAndGet();
            return TransactionState.COMMIT;
        })) {
            producer.start();
            Message m = new Message(topic, "orphan".getBytes(StandardCharsets.UTF_8));
            // What an XA session sends at prepare, from a client that then died before its XA_PREPARE.
            m.putProperty(DeliveryConst.PROPERTY_XA_BRANCH, "1:" + "ab".repeat(8) + ":01");
            producer.sendHalf(m);

            await(() -> xaHalves().size() == 1, 10_000, "the checker reads the half");
            await(() -> xaHalves().isEmpty(), 15_000, "the policy rolls the half back");
            assertEquals(0, checks.get(), "an XA half is never checked back, though its producer is connected"
                    + " and transactionTimeOut is 100 ms");
        }
        MessageConsumer consumer = plainSession().createConsumer(new FerryQueue(topic));
        assertNull(consumer.receive(1_000), "rolled back: never delivered");
    }

    private static List<HalfMessageStatus> xaHalves() {
        return cluster.broker("broker-a").transactions().unresolvedXaHalves();
    }
}
