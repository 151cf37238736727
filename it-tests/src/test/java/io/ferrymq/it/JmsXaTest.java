package io.ferrymq.it;

import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XA over FerryMQ driven through the XAResource itself, as a transaction manager drives it (docs/xa.md): the two
 * phases for sends and receives, one-phase commit, recovery across a broker restart, joins, timeouts, and the XA error
 * code of every misuse. JmsXaNarayanaTest drives the same through a real transaction manager.
 */
class JmsXaTest extends JmsTestBase {

    /** An Xid as a transaction manager makes one. */
    record TestXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
        static TestXid random() {
            return new TestXid(0x4658, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), new byte[] {1});
        }

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid;
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual;
        }
    }

    FerryXAConnectionFactory xaFactory() {
        FerryXAConnectionFactory f = new FerryXAConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        return f;
    }

    XAConnection xaConnection() throws JMSException {
        XAConnection c = closeLater(xaFactory().createXAConnection());
        c.start();
        return c;
    }

    private static void send(Session s, Queue q, String... texts) throws JMSException {
        MessageProducer p = s.createProducer(q);
        for (String t : texts) {
            p.send(s.createTextMessage(t));
        }
    }

    private static boolean contains(Xid[] xids, Xid xid) {
        return Arrays.stream(xids).anyMatch(x -> x.getFormatId() == xid.getFormatId()
                && Arrays.equals(x.getGlobalTransactionId(), xid.getGlobalTransactionId())
                && Arrays.equals(x.getBranchQualifier(), xid.getBranchQualifier()));
    }

    private static int xaError(ThrowingRunnable r) {
        XAException e = assertThrows(XAException.class, r::run);
        return e.errorCode;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void sendsAreDeliveredOnceOnlyAfterCommit() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-send"));
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        send(xs, q, "a", "b", "c");
        r.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, r.prepare(xid));

        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertNull(plain.receive(700), "a prepared send is invisible");
        assertTrue(contains(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN), xid), "recover lists it");

        r.commit(xid, false);
        assertEquals(List.of("a", "b", "c"), receiveTexts(plain, 3, 5_000));
        assertNull(plain.receive(500), "delivered exactly once");
        assertFalse(contains(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN), xid), "ended branches are gone");
        assertEquals(XAException.XAER_NOTA, xaError(() -> r.commit(xid, false)), "a second commit finds nothing");
    }

    @Test
    void rollbackDiscardsPreparedAndUnpreparedSends() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-rollback"));
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        Xid prepared = TestXid.random();
        r.start(prepared, XAResource.TMNOFLAGS);
        send(xs, q, "prepared");
        r.end(prepared, XAResource.TMSUCCESS);
        r.prepare(prepared);
        r.rollback(prepared);

        Xid active = TestXid.random();
        r.start(active, XAResource.TMNOFLAGS);
        send(xs, q, "never prepared");
        r.end(active, XAResource.TMFAIL);
        r.rollback(active);

        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertNull(plain.receive(1_000));
    }

    @Test
    void onePhaseCommitDeliversWithoutPrepare() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-1pc"));
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        send(xs, q, "one", "two");
        r.end(xid, XAResource.TMSUCCESS);
        r.commit(xid, true);
        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertEquals(List.of("one", "two"), receiveTexts(plain, 2, 5_000));
        assertNull(plain.receive(300));
    }

    @Test
    void receivedMessagesAreHeldByAPreparedBranchAndRedeliveredOnRollback() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-receive"));
        Session plainSession = connection().createSession();
        send(plainSession, q, "order-1");

        FerryXAConnectionFactory f = xaFactory();
        f.setAckTimeoutMillis(1_000);
        XAConnection xc = closeLater(f.createXAConnection());
        xc.start();
        XASession xs = xc.createXASession();
        XAResource r = xs.getXAResource();
        MessageConsumer xaConsumer = xs.createConsumer(q);
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        Message m = xaConsumer.receive(5_000);
        assertNotNull(m);
        r.end(xid, XAResource.TMSUCCESS);
        r.prepare(xid);
        // Closing the consumer gives back what it buffered, not what the prepared branch holds.
        xaConsumer.close();

        MessageConsumer other = plainSession.createConsumer(q);
        // Three times the consumer's lease: a prepared branch's hold never runs out.
        assertNull(other.receive(3_000), "held by the prepared branch");
        r.rollback(xid);
        Message again = other.receive(5_000);
        assertNotNull(again, "rollback makes it deliverable again");
        assertEquals("order-1", text(again));
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    void commitConsumesReceivedMessages() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-consume"));
        Session plainSession = connection().createSession();
        send(plainSession, q, "m1", "m2");
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        MessageConsumer xaConsumer = xs.createConsumer(q);
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        assertEquals(List.of("m1", "m2"), receiveTexts(xaConsumer, 2, 5_000));
        send(xs, q, "reply");
        r.end(xid, XAResource.TMSUCCESS);
        r.prepare(xid);
        r.commit(xid, false);
        xaConsumer.close();

        MessageConsumer other = plainSession.createConsumer(q);
        assertEquals(List.of("reply"), receiveTexts(other, 2, 3_000), "m1 and m2 are consumed; the reply is sent");
    }

    @Test
    void preparedBranchesSurviveABrokerRestartAndAnotherConnectionFinishesThem() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-restart"));
        Session plainSession = connection().createSession();
        send(plainSession, q, "in");

        XAConnection first = xaFactory().createXAConnection();
        first.start();
        XASession xs = first.createXASession();
        XAResource r = xs.getXAResource();
        MessageConsumer xaConsumer = xs.createConsumer(q);
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        assertEquals("in", text(xaConsumer.receive(5_000)));
        send(xs, q, "out");
        r.end(xid, XAResource.TMSUCCESS);
        r.prepare(xid);
        // The transaction manager's process goes away with its connection.
        first.close();

        cluster.stopBroker("broker-a");
        cluster.restartBroker("broker-a");

        XAResource recovering = xaConnection().createXASession().getXAResource();
        assertTrue(contains(recovering.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN), xid));
        MessageConsumer other = connection().createSession().createConsumer(q);
        assertNull(other.receive(1_000), "nothing moves while the branch is in doubt");
        recovering.commit(xid, false);
        assertEquals(List.of("out"), receiveTexts(other, 3, 5_000), "the send delivered once, the receive consumed");
    }

    @Test
    void sessionsOfOneConnectionAreOneResourceManagerAndMayJoinABranch() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-join"));
        XAConnection c = xaConnection();
        XASession s1 = c.createXASession();
        XASession s2 = c.createXASession();
        XAResource r1 = s1.getXAResource();
        XAResource r2 = s2.getXAResource();
        assertTrue(r1.isSameRM(r2));
        assertFalse(r1.isSameRM(xaConnection().createXASession().getXAResource()), "another connection, another RM");

        Xid xid = TestXid.random();
        r1.start(xid, XAResource.TMNOFLAGS);
        r2.start(xid, XAResource.TMJOIN);
        send(s1, q, "from-1");
        send(s2, q, "from-2");
        r2.end(xid, XAResource.TMSUCCESS);
        r1.end(xid, XAResource.TMSUCCESS);
        r1.commit(xid, true);

        MessageConsumer plain = connection().createSession().createConsumer(q);
        List<String> got = receiveTexts(plain, 3, 3_000);
        assertEquals(2, got.size(), "both sessions' sends committed together: " + got);
    }

    @Test
    void suspendAndResumeKeepTheWork() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-suspend"));
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        send(xs, q, "before");
        r.end(xid, XAResource.TMSUSPEND);
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.prepare(xid)), "a suspended branch cannot prepare");
        r.start(xid, XAResource.TMRESUME);
        send(xs, q, "after");
        r.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, r.prepare(xid));
        r.commit(xid, false);
        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertEquals(List.of("before", "after"), receiveTexts(plain, 2, 5_000));
    }

    @Test
    void aSessionClosedInsideItsBranchLeavesItsWorkToTheBranch() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-closed"));
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        send(xs, q, "sent before close");
        // Application code closes its session; the transaction manager delists (end) and commits afterwards.
        xs.close();
        r.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, r.prepare(xid));
        r.commit(xid, false);
        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertEquals(List.of("sent before close"), receiveTexts(plain, 2, 5_000));
    }

    @Test
    void misusesGetTheirXaErrorCodes() throws Exception {
        XAConnection connection = xaConnection();
        XASession xs = connection.createXASession();
        XAResource r = xs.getXAResource();
        Xid xid = TestXid.random();
        Xid unknown = TestXid.random();

        assertEquals(XAException.XAER_NOTA, xaError(() -> r.prepare(unknown)));
        assertEquals(XAException.XAER_NOTA, xaError(() -> r.commit(unknown, false)));
        assertEquals(XAException.XAER_NOTA, xaError(() -> r.rollback(unknown)));
        assertEquals(XAException.XAER_NOTA, xaError(() -> r.end(unknown, XAResource.TMSUCCESS)));
        assertEquals(XAException.XAER_NOTA, xaError(() -> r.forget(unknown)));
        assertEquals(XAException.XAER_INVAL, xaError(() -> r.start(xid, 0x7fff_0000)));
        assertEquals(XAException.XAER_INVAL, xaError(() -> r.recover(0x7fff_0000)));

        r.start(xid, XAResource.TMNOFLAGS);
        XAResource other = xaConnection().createXASession().getXAResource();
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.start(TestXid.random(), XAResource.TMNOFLAGS)),
                "one branch per session at a time");
        XASession sibling = connection.createXASession();
        assertEquals(XAException.XAER_DUPID, xaError(() -> sibling.getXAResource().start(xid, XAResource.TMNOFLAGS)));
        assertEquals(XAException.XAER_NOTA, xaError(() -> other.start(xid, XAResource.TMJOIN)),
                "another resource manager does not know the branch");
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.prepare(xid)), "prepare before end");
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.rollback(xid)), "rollback while associated");
        send(xs, new io.ferrymq.jms.FerryQueue(unique("xa-misuse")), "x");
        r.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.end(xid, XAResource.TMSUCCESS)), "ended twice");
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.commit(xid, false)), "two-phase commit before prepare");
        r.prepare(xid);
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.commit(xid, true)), "one-phase commit after prepare");
        assertEquals(XAException.XAER_PROTO, xaError(() -> r.forget(xid)), "forget is for heuristic outcomes");
        r.rollback(xid);

        assertThrows(TransactionInProgressException.class, xs::commit);
        assertThrows(TransactionInProgressException.class, xs::rollback);
        assertTrue(xs.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, xs.getAcknowledgeMode());
    }

    @Test
    void aBranchWithoutWorkIsReadOnlyAndATimedOutBranchRollsBack() throws Exception {
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        Xid empty = TestXid.random();
        r.start(empty, XAResource.TMNOFLAGS);
        r.end(empty, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, r.prepare(empty));
        assertEquals(XAException.XAER_NOTA, xaError(() -> r.commit(empty, false)), "a read-only branch is forgotten");

        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-timeout"));
        assertTrue(r.setTransactionTimeout(1));
        assertEquals(1, r.getTransactionTimeout());
        Xid slow = TestXid.random();
        r.start(slow, XAResource.TMNOFLAGS);
        send(xs, q, "too late");
        Thread.sleep(1_300);
        int code = xaError(() -> r.end(slow, XAResource.TMSUCCESS));
        assertEquals(XAException.XA_RBTIMEOUT, code);
        assertEquals(XAException.XA_RBTIMEOUT, xaError(() -> r.prepare(slow)));
        assertEquals(XAException.XAER_NOTA, xaError(() -> r.rollback(slow)), "rolled back already");
        assertThrows(XAException.class, () -> r.setTransactionTimeout(-1));
        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertNull(plain.receive(700));
    }

    @Test
    void outsideABranchAnXaSessionSendsAndAcknowledgesAtOnce() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-outside"));
        XASession xs = xaConnection().createXASession();
        send(xs, q, "plain");
        MessageConsumer xaConsumer = xs.createConsumer(q);
        assertEquals("plain", text(xaConsumer.receive(5_000)));
        xaConsumer.close();
        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertNull(plain.receive(700), "acknowledged on delivery");
    }

    @Test
    void deliveryDelayAppliesFromTheCommit() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-delay"));
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        MessageProducer p = xs.createProducer(q);
        p.setDeliveryDelay(2_000);
        p.send(xs.createTextMessage("later"));
        r.end(xid, XAResource.TMSUCCESS);
        r.commit(xid, true);
        long committed = System.currentTimeMillis();
        MessageConsumer plain = connection().createSession().createConsumer(q);
        assertNull(plain.receive(800), "not before its delivery time");
        Message m = plain.receive(10_000);
        assertNotNull(m);
        assertTrue(System.currentTimeMillis() - committed >= 1_500, "delivered after the delay");
    }

    @Test
    void xaContextWorksInTheBranchAndLeavesCommitToTheManager() throws Exception {
        Queue q = new io.ferrymq.jms.FerryQueue(unique("xa-context"));
        try (XAJMSContext ctx = xaFactory().createXAContext()) {
            XAResource r = ctx.getXAResource();
            Xid xid = TestXid.random();
            r.start(xid, XAResource.TMNOFLAGS);
            ctx.createProducer().send(q, "via context");
            r.end(xid, XAResource.TMSUCCESS);
            assertTrue(ctx.getTransacted());
            assertThrows(TransactionInProgressRuntimeException.class, ctx::commit);
            assertEquals(XAResource.XA_OK, r.prepare(xid));
            r.commit(xid, false);
        }
        Connection c = connection();
        assertEquals(List.of("via context"), receiveTexts(c.createSession().createConsumer(q), 1, 5_000));
    }

    @Test
    void xidsRoundTripThroughRecover() throws Exception {
        XASession xs = xaConnection().createXASession();
        XAResource r = xs.getXAResource();
        byte[] gtrid = new byte[64];
        Arrays.fill(gtrid, (byte) 0xAB);
        Xid xid = new TestXid(-1, gtrid, new byte[0]);
        r.start(xid, XAResource.TMNOFLAGS);
        send(xs, new io.ferrymq.jms.FerryQueue(unique("xa-xid")), "x");
        r.end(xid, XAResource.TMSUCCESS);
        r.prepare(xid);
        Xid found = Arrays.stream(r.recover(XAResource.TMSTARTRSCAN))
                .filter(x -> Arrays.equals(x.getGlobalTransactionId(), gtrid)).findFirst().orElseThrow();
        assertEquals(-1, found.getFormatId());
        assertArrayEquals(new byte[0], found.getBranchQualifier());
        assertEquals(0, r.recover(XAResource.TMNOFLAGS).length, "a continued scan has nothing more");
        r.rollback(found);
    }
}
