package io.ferrymq.it.xa;

import com.arjuna.ats.arjuna.AtomicAction;
import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.common.Uid;
import com.arjuna.ats.arjuna.exceptions.ObjectStoreException;
import com.arjuna.ats.arjuna.objectstore.StoreManager;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.arjuna.state.InputObjectState;
import com.arjuna.ats.internal.arjuna.common.UidHelper;
import com.arjuna.ats.internal.arjuna.recovery.AtomicActionRecoveryModule;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTAActionStatusServiceXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTANodeNameXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTATransactionLogXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Narayana (narayana-jta, ArjunaCore JTA) as the standalone transaction manager of one test JVM, configured in code
 * rather than through a {@code jbossts-properties.xml}: the uber jar ships one whose object store is
 * {@code PutObjectStoreDirHere} in the working directory, which would leak logs between tests and runs.
 *
 * <p><b>One transaction manager per JVM.</b> Narayana keeps its configuration beans, object store, reaper and recovery
 * manager in static singletons that read their settings once, when first used; so a JVM is configured exactly once
 * ({@link #configure} again with another store is refused). A test that needs a second transaction manager &mdash;
 * typically "the application's TM crashed, a restarted one recovers from its log" &mdash; runs it in a child JVM
 * ({@link TmProcess}) over the same object store directory.
 *
 * <p>What is set, and why:
 * <ul>
 *   <li>the object store directory, for every store Narayana opens: the default (action) store and the named
 *       {@code communicationStore} and {@code stateStore} beans, each fetched through {@link BeanPopulator};</li>
 *   <li>the node identifier, and the same value as the only entry of {@code xaRecoveryNodes}, so recovery in a
 *       restarted JVM (same identifier) may roll back the orphan branches the crashed one left;</li>
 *   <li>a short default transaction timeout (the reaper rolls back abandoned work quickly);</li>
 *   <li>recovery modules {@link AtomicActionRecoveryModule} (replays phase 2 of logged transactions) and
 *       {@link XARecoveryModule} (asks resource managers for in-doubt Xids through the registered helpers), the
 *       periodic recovery period and the backoff between a scan's two passes at their minimum of 1 second (0 would make
 *       the backoff an unbounded {@code Object.wait(0)}), and the orphan safety interval at 0, so one scan decides.</li>
 * </ul>
 *
 * <p>Recovery runs only when asked: {@link #recover()} creates the recovery manager in
 * {@link RecoveryManager#DIRECT_MANAGEMENT} mode (no background thread, no listener socket) and runs
 * {@link RecoveryManager#scan()} synchronously. Measured with H2 2.3.232 and a logged (prepared, commit decided)
 * transaction left by a JVM killed with SIGKILL: <b>one scan</b> completes it (its first pass lists the log and
 * the in-doubt Xids, the second pass replays the commit) and deletes the log; one scan also rolls back prepared
 * branches that have no log (orphans whose Xid carries this node identifier). Each scan takes about 1.2 s, mostly the
 * 1 s backoff.
 *
 * <p>Usage:
 * <pre>{@code
 * Narayana tm = Narayana.configure(storeDir, "node-1");      // once per JVM, before any transaction
 * tm.addRecoveryHelper(h2.recoveryResources("orders"));       // for recovery only
 * TransactionManager jta = tm.transactionManager();
 * ...
 * int scans = tm.recover();                                  // until no log and no in-doubt Xid is left
 * }</pre>
 */
public final class Narayana {
    private static final Logger LOG = LoggerFactory.getLogger(Narayana.class);
    /** Default transaction timeout of {@link #configure(Path, String)}, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    /** {@link #recover()} gives up after this many scans. */
    public static final int MAX_SCANS = 5;

    private static Narayana configured;

    private final Path objectStoreDir;
    private final String nodeIdentifier;
    private final List<Supplier<XAResource[]>> recoveryResources = new ArrayList<>();
    private RecoveryManager recoveryManager;

    private Narayana(Path objectStoreDir, String nodeIdentifier) {
        this.objectStoreDir = objectStoreDir;
        this.nodeIdentifier = nodeIdentifier;
    }

    /** {@link #configure(Path, String, int)} with a {@value #DEFAULT_TIMEOUT_SECONDS} s default timeout. */
    public static Narayana configure(Path objectStoreDir, String nodeIdentifier) {
        return configure(objectStoreDir, nodeIdentifier, DEFAULT_TIMEOUT_SECONDS);
    }

    /**
     * Configures this JVM's Narayana; must run before anything touches a Narayana class that reads its settings (the
     * transaction manager, the reaper, the stores). Calling it again with the same directory and node identifier
     * returns the same instance; with others it throws: the singletons have already read the first configuration.
     *
     * @param objectStoreDir where the transaction logs go (created if missing); a recovering JVM uses the crashed one's
     * @param nodeIdentifier at most 28 bytes; written into every Xid this TM creates
     * @param defaultTimeoutSeconds the default transaction timeout
     */
    public static synchronized Narayana configure(Path objectStoreDir, String nodeIdentifier, int defaultTimeoutSeconds) {
        Objects.requireNonNull(objectStoreDir, "objectStoreDir");
        Objects.requireNonNull(nodeIdentifier, "nodeIdentifier");
        Path dir = objectStoreDir.toAbsolutePath().normalize();
        if (configured != null) {
            if (configured.objectStoreDir.equals(dir) && configured.nodeIdentifier.equals(nodeIdentifier)) {
                return configured;
            }
            throw new IllegalStateException("Narayana is already configured in this JVM (store " + configured.objectStoreDir
                    + ", node " + configured.nodeIdentifier + "); run a second transaction manager in a child JVM");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the object store directory " + dir, e);
        }

        // All three stores: the action store holds the transaction logs, the communication store the transaction
        // status manager's entries, the state store TxOJ objects. Left alone, the last two would go to user.dir.
        for (ObjectStoreEnvironmentBean store : List.of(BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class),
                BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "communicationStore"),
                BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "stateStore"))) {
            store.setObjectStoreDir(dir.toString());
        }

        CoreEnvironmentBean core = BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class);
        try {
            core.setNodeIdentifier(nodeIdentifier);
        } catch (CoreEnvironmentBeanException e) {
            throw new IllegalArgumentException("node identifier " + nodeIdentifier + " refused (28 bytes at most)", e);
        }
        // Narayana's own scratch files (var/tmp under user.dir by default) stay beside the logs.
        core.setVarDir(dir.resolve("var").toString());

        BeanPopulator.getDefaultInstance(CoordinatorEnvironmentBean.class).setDefaultTimeout(defaultTimeoutSeconds);

        JTAEnvironmentBean jta = BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class);
        jta.setXaRecoveryNodes(List.of(nodeIdentifier));
        jta.setXaResourceOrphanFilterClassNames(List.of(JTATransactionLogXAResourceOrphanFilter.class.getName(),
                JTANodeNameXAResourceOrphanFilter.class.getName(),
                JTAActionStatusServiceXAResourceOrphanFilter.class.getName()));
        // The crashed TM is known dead (killed by the test): no need to wait 20 s before calling a branch an orphan.
        jta.setOrphanSafetyInterval(0);

        RecoveryEnvironmentBean recovery = BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class);
        recovery.setRecoveryModuleClassNames(List.of(AtomicActionRecoveryModule.class.getName(),
                XARecoveryModule.class.getName()));
        // Expiry scanners tidy day-old entries on a background thread: nothing a test needs.
        recovery.setExpiryScannerClassNames(List.of());
        recovery.setRecoveryListener(false);
        recovery.setPeriodicRecoveryPeriod(1);
        recovery.setRecoveryBackoffPeriod(1);

        configured = new Narayana(dir, nodeIdentifier);
        LOG.info("Narayana configured: object store {}, node {}, default timeout {} s", dir, nodeIdentifier,
                defaultTimeoutSeconds);
        return configured;
    }

    /** The instance {@link #configure} made in this JVM. */
    public static synchronized Narayana current() {
        if (configured == null) {
            throw new IllegalStateException("Narayana.configure has not run in this JVM");
        }
        return configured;
    }

    public Path objectStoreDir() {
        return objectStoreDir;
    }

    public String nodeIdentifier() {
        return nodeIdentifier;
    }

    /** Narayana's (singleton) JTA transaction manager. */
    public TransactionManager transactionManager() {
        return com.arjuna.ats.jta.TransactionManager.transactionManager();
    }

    /**
     * Registers the resource managers recovery asks for in-doubt Xids and commits or rolls back through. The supplier
     * is called at every scan (and by {@link #recover()} to check what is left); it should return resources on fresh
     * connections, because the ones from a previous scan may be broken.
     */
    public synchronized void addRecoveryHelper(Supplier<XAResource[]> resources) {
        Objects.requireNonNull(resources, "resources");
        recoveryResources.add(resources);
        XARecoveryModule module = xaRecoveryModule();
        module.addXAResourceRecoveryHelper(new XAResourceRecoveryHelper() {
            @Override
            public boolean initialise(String p) {
                return true;
            }

            @Override
            public XAResource[] getXAResources() {
                return resources.get();
            }
        });
    }

    /**
     * Runs recovery scans, synchronously, until the object store holds no transaction log and no registered resource
     * reports an in-doubt Xid; returns how many scans that took (at least one).
     *
     * @throws IllegalStateException when work is still left after {@value #MAX_SCANS} scans, with what is left
     */
    public int recover() {
        return recover(MAX_SCANS);
    }

    /** {@link #recover()} giving up after {@code maxScans}. */
    public synchronized int recover(int maxScans) {
        RecoveryManager manager = recoveryManager();
        for (int scans = 1; ; scans++) {
            long start = System.nanoTime();
            manager.scan();
            List<Uid> logs = transactionLogs();
            List<Xid> inDoubt = inDoubtXids();
            LOG.info("recovery scan {} took {} ms; transaction logs left: {}, in-doubt branches left: {}", scans,
                    (System.nanoTime() - start) / 1_000_000, logs.size(), inDoubt.size());
            if (logs.isEmpty() && inDoubt.isEmpty()) {
                return scans;
            }
            if (scans >= maxScans) {
                throw new IllegalStateException("recovery did not finish in " + maxScans + " scans; logs left " + logs
                        + ", in-doubt Xids left " + inDoubt);
            }
        }
    }

    /** The uids of the transaction logs (AtomicAction records) in the object store: transactions not yet finished. */
    public List<Uid> transactionLogs() {
        InputObjectState uids = new InputObjectState();
        List<Uid> result = new ArrayList<>();
        try {
            if (StoreManager.getRecoveryStore().allObjUids(AtomicActionType.NAME, uids)) {
                while (true) {
                    Uid uid = UidHelper.unpackFrom(uids);
                    if (uid.equals(Uid.nullUid())) {
                        break;
                    }
                    result.add(uid);
                }
            }
        } catch (ObjectStoreException | IOException e) {
            throw new IllegalStateException("cannot list the transaction logs in " + objectStoreDir, e);
        }
        return result;
    }

    /** The Xids the registered resources report in doubt, on resources fresh from their suppliers. */
    public synchronized List<Xid> inDoubtXids() {
        List<Xid> result = new ArrayList<>();
        for (Supplier<XAResource[]> supplier : recoveryResources) {
            for (XAResource r : supplier.get()) {
                try {
                    result.addAll(List.of(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)));
                } catch (XAException e) {
                    throw new IllegalStateException("recover() failed on " + r + " (XA error " + e.errorCode + ")", e);
                }
            }
        }
        return result;
    }

    /** Stops the recovery manager if {@link #recover()} or {@link #addRecoveryHelper} started it. */
    public synchronized void stopRecovery() {
        if (recoveryManager != null) {
            recoveryManager.terminate();
            recoveryManager = null;
        }
    }

    private synchronized RecoveryManager recoveryManager() {
        if (recoveryManager == null) {
            recoveryManager = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
        }
        return recoveryManager;
    }

    private XARecoveryModule xaRecoveryModule() {
        recoveryManager();
        XARecoveryModule module = XARecoveryModule.getRegisteredXARecoveryModule();
        if (module == null) {
            throw new IllegalStateException("no XARecoveryModule registered with the recovery manager");
        }
        return module;
    }

    /** The store type name of transaction logs, computed once (the constructor creates a throwaway action). */
    private static final class AtomicActionType {
        static final String NAME = new AtomicAction().type();
    }
}
