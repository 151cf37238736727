package io.ferrymq.jca.outbound;

import io.ferrymq.jca.FerryResourceAdapter;
import io.ferrymq.jca.TestCluster;
import io.ferrymq.jca.TestTransactions;
import io.ferrymq.jms.FerryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.security.PasswordCredential;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbound side without an application server: {@link TestPool} plays the server's pool, Narayana its transaction
 * manager, a live {@link TestCluster} the cluster. What applications see through {@link FerryRaConnectionFactory}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutboundConnectionTest {
    private static TestCluster cluster;
    private static TransactionManager tm;
    private static FerryConnectionFactory direct;

    private FerryManagedConnectionFactory mcf;
    private TestPool pool;
    private FerryRaConnectionFactory factory;
    private Connection receiver;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start();
        tm = TestTransactions.manager();
        direct = new FerryConnectionFactory("ferrymq://" + cluster.namesrvAddr());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        FerryResourceAdapter ra = new FerryResourceAdapter();
        ra.setNamesrvAddr(cluster.namesrvAddr());
        mcf = new FerryManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        pool = new TestPool(tm);
        factory = (FerryRaConnectionFactory) mcf.createConnectionFactory(pool);
        receiver = direct.createConnection();
        receiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tm.getTransaction() != null) {
            tm.rollback();
        }
        receiver.close();
        pool.destroyAll();
    }

    private static Queue queue() {
        return new io.ferrymq.jms.FerryQueue("jca-out-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void send(Queue queue, String text) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(queue).send(s.createTextMessage(text));
        }
    }

    /** The texts on the queue now, received through a plain provider connection (not the adapter). */
    private String receive(Queue queue, long timeoutMillis) throws JMSException {
        try (Session s = receiver.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer c = s.createConsumer(queue)) {
            Message m = c.receive(timeoutMillis);
            return m == null ? null : ((TextMessage) m).getText();
        }
    }

    // ------------------------------------------------------------------ transactions

    @Test
    void aSendInAJtaTransactionIsDeliveredOnCommitAndNotOnRollback() throws Exception {
        Queue queue = queue();
        tm.begin();
        send(queue, "rolled back");
        assertThat(pool.lastAllocated().getXAResource()).isInstanceOf(ManagedXAResource.class);
        tm.rollback();
        tm.begin();
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(s.getTransacted()).as("a session in a JTA transaction is part of it").isTrue();
            s.createProducer(queue).send(s.createTextMessage("committed"));
        }
        assertThat(receive(queue, 300)).as("held until the commit").isNull();
        tm.commit();
        assertThat(receive(queue, 5_000)).isEqualTo("committed");
        assertThat(receive(queue, 300)).as("the rolled back send never arrives").isNull();
    }

    @Test
    void aReceiveInAJtaTransactionIsRedeliveredAfterRollbackAndConsumedByCommit() throws Exception {
        Queue queue = queue();
        send(queue, "order 1");
        for (boolean commit : new boolean[] {false, true}) {
            tm.begin();
            try (Connection c = factory.createConnection()) {
                c.start();
                Session s = c.createSession();
                Message m = s.createConsumer(queue).receive(5_000);
                assertThat(m).isNotNull();
                assertThat(m.getJMSRedelivered()).isEqualTo(commit);
            }
            if (commit) {
                tm.commit();
            } else {
                tm.rollback();
            }
        }
        assertThat(receive(queue, 300)).isNull();
    }

    @Test
    void aContainerLocalTransactionCommitsAndRollsBackOverTheSameSession() throws Exception {
        Queue queue = queue();
        pool = new TestPool(null);
        factory = (FerryRaConnectionFactory) mcf.createConnectionFactory(pool);
        try (Connection c = factory.createConnection()) {
            ManagedConnection mc = pool.lastAllocated();
            LocalTransaction local = mc.getLocalTransaction();
            // Made before the transaction: an AUTO session works through the XA session, so it joins it.
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(queue);
            assertThat(s.getTransacted()).isFalse();
            local.begin();
            assertThat(s.getTransacted()).isTrue();
            p.send(s.createTextMessage("rolled back"));
            local.rollback();
            local.begin();
            p.send(s.createTextMessage("committed"));
            assertThat(receive(queue, 300)).isNull();
            local.commit();
            assertThat(s.getTransacted()).isFalse();
            assertThatThrownBy(local::commit).hasMessageContaining("FMQ-JCA-202");
        }
        assertThat(receive(queue, 5_000)).isEqualTo("committed");
        assertThat(receive(queue, 300)).isNull();
        assertThat(pool.events).extracting(ConnectionEvent::getId)
                .as("JCA: no local transaction events for container-demarcated transactions")
                .containsOnly(ConnectionEvent.CONNECTION_CLOSED);
    }

    @Test
    void outsideATransactionSessionsAreNotTransactedAndSendAtOnce() throws Exception {
        Queue queue = queue();
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            assertThat(s.getTransacted()).as("§12.3: a transacted session outside a transaction is not").isFalse();
            assertThat(s.getAcknowledgeMode()).isEqualTo(Session.AUTO_ACKNOWLEDGE);
            s.createProducer(queue).send(s.createTextMessage("now"));
            assertThat(receive(queue, 5_000)).isEqualTo("now");
            assertThatThrownBy(s::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("FMQ-JCA-135");
        }
        tm.begin();
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            assertThat(s.getAcknowledgeMode()).as("arguments are ignored in a transaction")
                    .isEqualTo(Session.SESSION_TRANSACTED);
            assertThatThrownBy(s::commit).isInstanceOf(TransactionInProgressException.class);
        }
        tm.rollback();
    }

    @Test
    void clientAcknowledgeIsHonouredOutsideATransaction() throws Exception {
        Queue queue = queue();
        send(queue, "ack me");
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            assertThat(s.getAcknowledgeMode()).isEqualTo(Session.CLIENT_ACKNOWLEDGE);
            assertThat(s.createConsumer(queue).receive(5_000)).isNotNull();
            // Not acknowledged: closing the handle gives it back.
        }
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Message m = s.createConsumer(queue).receive(5_000);
            assertThat(m).isNotNull();
            assertThat(m.getJMSRedelivered()).isTrue();
            m.acknowledge();
        }
        assertThat(receive(queue, 300)).isNull();
    }

    // ------------------------------------------------------------------ EE rules

    @Test
    void aConnectionHasOneSessionAtATime() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session first = c.createSession();
            assertThatThrownBy(() -> c.createSession(false, Session.AUTO_ACKNOWLEDGE))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("FMQ-JCA-132");
            first.close();
            assertThat(c.createSession()).isNotNull();
        }
    }

    @Test
    void methodsForbiddenInAContainerThrowIllegalState() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession();
            MessageConsumer consumer = s.createConsumer(queue());
            for (ThrowingCall call : new ThrowingCall[] {
                    () -> c.setClientID("x"), () -> c.setExceptionListener(e -> { }), c::stop,
                    () -> c.createConnectionConsumer(queue(), null, null, 1),
                    () -> c.createSharedConnectionConsumer(null, "s", null, null, 1),
                    () -> c.createDurableConnectionConsumer(null, "s", null, null, 1),
                    () -> c.createSharedDurableConnectionConsumer(null, "s", null, null, 1),
                    () -> s.setMessageListener(m -> { }), s::getMessageListener,
                    () -> consumer.setMessageListener(m -> { }), consumer::getMessageListener}) {
                assertThatThrownBy(call::call).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("FMQ-JCA-130");
            }
            assertThat(c.getExceptionListener()).isNull();
        }
    }

    @Test
    void aJmsContextSendsInTheTransactionAndReceivesOutside() throws Exception {
        Queue queue = queue();
        for (boolean commit : new boolean[] {false, true}) {
            tm.begin();
            try (JMSContext ctx = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
                assertThat(ctx.getTransacted()).isTrue();
                assertThat(ctx.getSessionMode()).isEqualTo(JMSContext.SESSION_TRANSACTED);
                ctx.createProducer().setProperty("attempt", commit ? 2 : 1).setJMSType("order")
                        .send(queue, commit ? "committed" : "rolled back");
                assertThatThrownBy(ctx::commit).isInstanceOf(TransactionInProgressRuntimeException.class);
            }
            if (commit) {
                tm.commit();
            } else {
                tm.rollback();
            }
        }
        try (Session s = receiver.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Message m = s.createConsumer(queue).receive(5_000);
            assertThat(((TextMessage) m).getText()).isEqualTo("committed");
            assertThat(m.getIntProperty("attempt")).isEqualTo(2);
            assertThat(m.getJMSType()).isEqualTo("order");
        }

        send(queue, "outside");
        try (JMSContext ctx = factory.createContext()) {
            assertThat(ctx.getTransacted()).isFalse();
            assertThat(ctx.createConsumer(queue).receiveBody(String.class, 5_000)).isEqualTo("outside");
            assertThatThrownBy(() -> ctx.createContext(JMSContext.AUTO_ACKNOWLEDGE))
                    .isInstanceOf(IllegalStateRuntimeException.class).hasMessageContaining("FMQ-JCA-130");
            assertThatThrownBy(ctx::stop).isInstanceOf(IllegalStateRuntimeException.class);
            assertThatThrownBy(() -> ctx.setClientID("x")).isInstanceOf(IllegalStateRuntimeException.class);
        }
        assertThat(receive(queue, 300)).as("received and acknowledged by the context").isNull();
        assertThat(pool.created).as("every context came from one pooled connection").hasSize(1);
        assertThatThrownBy(() -> factory.createContext(99)).isInstanceOf(JMSRuntimeException.class)
                .hasMessageContaining("FMQ-JCA-133");
    }

    // ------------------------------------------------------------------ pooling

    @Test
    void closingAHandleReturnsItsManagedConnectionWhichMatchesByCredentials() throws Exception {
        Connection first = factory.createConnection();
        ManagedConnection mc = pool.lastAllocated();
        assertThat(((FerryConnectionHandle) first).isValid(5)).as("what a server's recovery plugin asks").isTrue();
        first.close();
        assertThat(((FerryConnectionHandle) first).isValid(5)).isFalse();
        first.close();
        assertThat(pool.events).extracting(ConnectionEvent::getId).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
        assertThat(pool.events.get(0).getConnectionHandle()).isSameAs(first);
        assertThatThrownBy(first::createSession).hasMessageContaining("FMQ-JCA-131");

        try (Connection again = factory.createConnection()) {
            assertThat(pool.lastAllocated()).as("the pooled connection is reused").isSameAs(mc);
            try (Connection other = factory.createConnection("alice", "secret")) {
                assertThat(pool.lastAllocated()).as("other credentials, other connection").isNotSameAs(mc);
                assertThat(pool.lastAllocated().getMetaData().getUserName()).isEqualTo("alice");
            }
        }
        try (Connection alice = factory.createConnection("alice", "secret")) {
            assertThat(pool.lastAllocated()).isSameAs(pool.created.get(1));
        }
        assertThat(pool.created).hasSize(2);
        assertThat(pool.freeCount()).isEqualTo(2);
    }

    @Test
    void matchingIsByCredentialsAndSkipsBrokenConnections() throws Exception {
        FerryManagedConnection mc = (FerryManagedConnection) mcf.createManagedConnection(null, null);
        try {
            Set<ManagedConnection> candidates = Set.of(mc);
            assertThat(mcf.matchManagedConnections(candidates, null, null)).isSameAs(mc);
            assertThat(mcf.matchManagedConnections(candidates, null, new FerryConnectionRequestInfo("bob", "x"))).isNull();
            Subject subject = new Subject();
            PasswordCredential credential = new PasswordCredential("bob", "x".toCharArray());
            credential.setManagedConnectionFactory(mcf);
            subject.getPrivateCredentials().add(credential);
            assertThat(mcf.matchManagedConnections(candidates, subject, null)).isNull();
            FerryManagedConnectionFactory other = new FerryManagedConnectionFactory();
            other.setNamesrvAddr("127.0.0.1:1");
            assertThat(other.matchManagedConnections(candidates, null, null)).as("another factory's").isNull();
            mc.connectionFailed(new JMSException("test"));
            assertThat(mcf.matchManagedConnections(candidates, null, null)).as("broken").isNull();
        } finally {
            mc.destroy();
        }
    }

    @Test
    void cleanupClosesWhatTheApplicationLeftOpenAndKeepsThePhysicalConnection() throws Exception {
        Queue queue = queue();
        send(queue, "buffered");
        Connection c = factory.createConnection();
        c.start();
        Session s = c.createSession();
        MessageConsumer leftOpen = s.createConsumer(queue);
        MessageProducer producer = s.createProducer(queue);
        Thread.sleep(200);   // the consumer fetches (buffers) the message but the application never receives it
        FerryManagedConnection mc = (FerryManagedConnection) pool.lastAllocated();
        mc.cleanup();
        assertThat(mc.handleCount()).isZero();
        assertThatThrownBy(() -> leftOpen.receive(10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> producer.send(s.createTextMessage("late"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::createSession).hasMessageContaining("FMQ-JCA-131");
        assertThat(receive(queue, 5_000)).as("the closed consumer gave its buffered message back")
                .isEqualTo("buffered");
        // The physical connection and the session stay for the next borrower.
        try (Connection next = mc.getConnection(null, null) instanceof Connection h ? h : null) {
            next.createSession().createProducer(queue).send(mc.xaSession().createTextMessage("reused"));
        }
        assertThat(receive(queue, 5_000)).isEqualTo("reused");
    }

    @Test
    void anAdminObjectQueueWorksWhereTheProviderTakesAQueue() throws Exception {
        Queue named = queue();
        FerryAdminQueue admin = new FerryAdminQueue();
        admin.setName(named.getQueueName());
        send(admin, "through the admin object");
        assertThat(receive(named, 5_000)).isEqualTo("through the admin object");
    }

    @Test
    void theNonManagedFactoryGivesEachConnectionItsOwnManagedConnection() throws Exception {
        Queue queue = queue();
        FerryRaConnectionFactory unmanaged = (FerryRaConnectionFactory) mcf.createConnectionFactory();
        try (Connection c = unmanaged.createConnection()) {
            Session s = c.createSession();
            s.createProducer(queue).send(s.createTextMessage("unmanaged"));
        }
        assertThat(receive(queue, 5_000)).isEqualTo("unmanaged");
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void factoryPropertiesOverrideTheAdapterAndBadOnesAreNamed() throws Exception {
        FerryResourceAdapter ra = new FerryResourceAdapter();
        ra.setNamesrvAddr("10.0.0.1:9876");
        ra.setConnectionOptions("prefetchSize=8&sendTimeoutMillis=7000");
        FerryManagedConnectionFactory f = new FerryManagedConnectionFactory();
        f.setResourceAdapter(ra);
        assertThat(f.connectionConfig().getNamesrvAddr()).isEqualTo("10.0.0.1:9876");
        f.setNamesrvAddr("10.0.0.2:9876");
        f.setConnectionOptions("prefetchSize=4&groupPrefix=A%2DB");
        assertThat(f.connectionConfig().getNamesrvAddr()).isEqualTo("10.0.0.2:9876");
        assertThat(f.connectionConfig().getPrefetchSize()).isEqualTo(4);
        assertThat(f.connectionConfig().getGroupPrefix()).as("percent-decoded").isEqualTo("A-B");
        assertThat(f.connectionConfig().getSendTimeoutMillis()).as("the adapter's, not overridden").isEqualTo(7000);
        f.setConnectionOptions("prefetch=4");
        assertThatThrownBy(f::connectionConfig).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("FMQ-JCA-102").hasMessageContaining("FMQ-JMS-901");
        assertThatThrownBy(() -> f.createConnectionFactory(pool)).isInstanceOf(InvalidPropertyException.class);

        FerryManagedConnectionFactory same = new FerryManagedConnectionFactory();
        same.setResourceAdapter(ra);
        same.setNamesrvAddr("10.0.0.2:9876");
        same.setConnectionOptions("prefetch=4");
        assertThat(same).isEqualTo(f).hasSameHashCodeAs(f);
        same.setUserName("carol");
        assertThat(same).isNotEqualTo(f);
        assertThat(f.getTransactionSupport())
                .isEqualTo(jakarta.resource.spi.TransactionSupport.TransactionSupportLevel.XATransaction);
    }

    // ------------------------------------------------------------------ failures and recovery

    @Test
    void losingTheClusterRaisesAConnectionErrorAndThePoolDestroysTheConnection() throws Exception {
        TestCluster doomed = TestCluster.start();
        boolean stopped = false;
        try {
            FerryResourceAdapter ra = new FerryResourceAdapter();
            ra.setNamesrvAddr(doomed.namesrvAddr());
            FerryManagedConnectionFactory f = new FerryManagedConnectionFactory();
            f.setResourceAdapter(ra);
            f.setConnectionOptions("reconnectIntervalMillis=100&requestTimeoutMillis=500");
            TestPool doomedPool = new TestPool(tm);
            Connection c = ((FerryRaConnectionFactory) f.createConnectionFactory(doomedPool)).createConnection();
            FerryManagedConnection mc = (FerryManagedConnection) doomedPool.lastAllocated();
            FerryConnectionHandle handle = (FerryConnectionHandle) c;
            doomed.close();
            stopped = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (doomedPool.destroyed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(doomedPool.events).extracting(ConnectionEvent::getId)
                    .contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED);
            ConnectionEvent error = doomedPool.events.stream()
                    .filter(e -> e.getId() == ConnectionEvent.CONNECTION_ERROR_OCCURRED).findFirst().orElseThrow();
            assertThat(error.getException()).hasMessageContaining("FMQ-JMS-613");
            assertThat(doomedPool.destroyed).containsExactly(mc);
            assertThat(mc.isUsable()).isFalse();
            assertThat(handle.isValid(5)).isFalse();
            assertThat(f.matchManagedConnections(Set.of(mc), null, null)).isNull();
            assertThatThrownBy(c::createSession).as("destroy invalidated the handle").hasMessageContaining("FMQ-JCA-131");
            assertThatThrownBy(() -> mc.getConnection(null, null)).hasMessageContaining("FMQ-JCA-114");
        } finally {
            if (!stopped) {
                doomed.close();
            }
        }
    }

    @Test
    void aNewManagedConnectionRecoversAPreparedBranch() throws Exception {
        Queue queue = queue();
        FerryManagedConnection worker = (FerryManagedConnection) mcf.createManagedConnection(null, null);
        // The server's recovery: a managed connection for the recover credential, its XAResource's recover().
        Subject recoverCredential = new Subject();
        PasswordCredential pc = new PasswordCredential("recovery", "pw".toCharArray());
        pc.setManagedConnectionFactory(mcf);
        recoverCredential.getPrivateCredentials().add(pc);
        ManagedConnection recovery = mcf.createManagedConnection(recoverCredential, null);
        try {
            Xid xid = new TestXid(UUID.randomUUID().toString().getBytes(), new byte[] {7});
            XAResource xa = worker.getXAResource();
            xa.start(xid, XAResource.TMNOFLAGS);
            try (Connection c = (Connection) worker.getConnection(null, null)) {
                Session s = c.createSession();
                s.createProducer(queue).send(s.createTextMessage("in doubt"));
            }
            xa.end(xid, XAResource.TMSUCCESS);
            assertThat(xa.prepare(xid)).isEqualTo(XAResource.XA_OK);
            worker.destroy();   // the "crash": the connection that prepared the branch is gone

            XAResource recovering = recovery.getXAResource();
            assertThat(recovering.isSameRM(xa)).isFalse();
            Xid[] inDoubt = recovering.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
            assertThat(Arrays.stream(inDoubt).anyMatch(x -> TestXid.sameParts(x, xid))).isTrue();
            recovering.commit(xid, false);
            assertThat(receive(queue, 5_000)).isEqualTo("in doubt");
            assertThat(Arrays.stream(recovering.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                    .noneMatch(x -> TestXid.sameParts(x, xid))).isTrue();
            assertThat(recovery.getMetaData().getUserName()).isEqualTo("recovery");
        } finally {
            worker.destroy();
            recovery.destroy();
        }
    }

    private interface ThrowingCall {
        void call() throws Exception;
    }

    private record TestXid(byte[] gtrid, byte[] bqual) implements Xid {
        @Override
        public int getFormatId() {
            return 4242;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid;
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual;
        }

        static boolean sameParts(Xid a, Xid b) {
            return a.getFormatId() == b.getFormatId()
                    && Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                    && Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier());
        }
    }
}
