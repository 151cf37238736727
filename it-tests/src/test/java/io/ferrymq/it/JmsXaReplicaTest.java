package io.ferrymq.it;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.it.JmsXaTest.TestXid;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryXAConnectionFactory;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.BrokerRole;
import io.ferrymq.store.StoreConfig;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prepared XA branch and a broker group's slave: the branch records replicate like messages, so while the master is
 * down the slave reports the branch to a recovering transaction manager (which cannot end it yet: XAER_RMFAIL, try
 * again later), and once the master is back the commit delivers the message exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JmsXaReplicaTest {
    @TempDir
    Path dir;
    private NameServer namesrv;
    private final List<BrokerController> brokers = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        brokers.forEach(BrokerController::shutdown);
        if (namesrv != null) {
            namesrv.shutdown();
        }
    }

    private BrokerController broker(long id, int port, BrokerRole role, String haMaster) throws Exception {
        BrokerConfig config = new BrokerConfig().setBrokerName("broker-a").setBrokerId(id).setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(port).setNamesrvAddr("127.0.0.1:" + namesrv.port());
        StoreConfig store = new StoreConfig().setStorePathRootDir(dir.resolve("broker-" + id).toString())
                .setMappedFileSizeCommitLog(16 * 1024 * 1024).setMaxHashSlotNum(1_000).setMaxIndexNum(4_000)
                .setBrokerRole(role).setHaListenPort(0);
        if (haMaster != null) {
            store.setHaMasterAddress(haMaster);
        }
        BrokerController b = new BrokerController(config, store);
        b.start();
        brokers.add(b);
        return b;
    }

    private <T extends AutoCloseable> T later(T c) {
        toClose.add(c);
        return c;
    }

    private static boolean listed(XAResource r, Xid xid) throws XAException {
        return Arrays.stream(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                .anyMatch(x -> Arrays.equals(x.getGlobalTransactionId(), xid.getGlobalTransactionId()));
    }

    @Test
    void theSlaveReportsAPreparedBranchWhileItsMasterIsDownAndTheMasterCommitsItWhenBack() throws Exception {
        namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        BrokerController master = broker(0, 0, BrokerRole.ASYNC_MASTER, null);
        int masterPort = master.config().getListenPort();
        BrokerController slave = broker(1, 0, BrokerRole.SLAVE, "127.0.0.1:" + master.store().haListenPort());

        FerryXAConnectionFactory f = new FerryXAConnectionFactory();
        f.setNamesrvAddr("127.0.0.1:" + namesrv.port());
        Queue q = new FerryQueue("xa-replica-" + System.nanoTime());
        XAConnection xc = later(f.createXAConnection());
        XASession xs = xc.createXASession();
        XAResource r = xs.getXAResource();
        Xid xid = TestXid.random();
        r.start(xid, XAResource.TMNOFLAGS);
        xs.createProducer(q).send(xs.createTextMessage("in doubt"));
        r.end(xid, XAResource.TMSUCCESS);
        r.prepare(xid);

        long deadline = System.nanoTime() + 20_000_000_000L;
        while (slave.store().commitLogMaxOffset() < master.store().commitLogMaxOffset()) {
            assertTrue(System.nanoTime() < deadline, "the slave catches up");
            Thread.sleep(50);
        }
        master.shutdown();
        brokers.remove(master);

        XAResource recovering = later(f.createXAConnection()).createXASession().getXAResource();
        assertTrue(listed(recovering, xid), "the slave answers for its dead master");
        assertEquals(XAException.XAER_RMFAIL, assertThrows(XAException.class, () -> recovering.commit(xid, false))
                .errorCode, "no master can end it now: the manager must try again later");

        broker(0, masterPort, BrokerRole.ASYNC_MASTER, null);
        deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                recovering.commit(xid, false);
                break;
            } catch (XAException e) {
                // Until the master has registered again, the cluster has no master to ask.
                assertEquals(XAException.XAER_RMFAIL, e.errorCode, e.getMessage());
                assertTrue(System.nanoTime() < deadline, "the master comes back: " + e.getMessage());
                Thread.sleep(200);
            }
        }
        Connection c = later(f.createConnection());
        c.start();
        MessageConsumer consumer = c.createSession().createConsumer(q);
        assertEquals("in doubt", ((jakarta.jms.TextMessage) consumer.receive(10_000)).getText());
        assertNull(consumer.receive(700), "exactly once");
    }
}
