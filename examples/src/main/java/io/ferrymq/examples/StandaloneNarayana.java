package io.ferrymq.examples;

import com.arjuna.ats.arjuna.AtomicAction;
import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.common.Uid;
import com.arjuna.ats.arjuna.coordinator.TransactionReaper;
import com.arjuna.ats.arjuna.exceptions.ObjectStoreException;
import com.arjuna.ats.arjuna.objectstore.StoreManager;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.arjuna.state.InputObjectState;
import com.arjuna.ats.internal.arjuna.common.UidHelper;
import com.arjuna.ats.internal.arjuna.recovery.AtomicActionRecoveryModule;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTANodeNameXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.JTATransactionLogXAResourceOrphanFilter;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.internal.jta.resources.arjunacore.XAResourceRecord;
import com.arjuna.ats.internal.jta.resources.arjunacore.XAResourceRecordWrappingPlugin;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.transaction.TransactionManager;
import org.jboss.tm.XAResourceWrapper;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Narayana as this program's standalone JTA transaction manager, configured in code (no
 * {@code jbossts-properties.xml}), with recovery run on demand. Narayana keeps its settings, stores, reaper and
 * recovery manager in static singletons that read the settings once, so {@link #configure} must come before anything
 * else touches Narayana, and only once per JVM. Not thread-safe: the example's main thread uses it.
 */
final class StandaloneNarayana {
    /** Recovery gives up (and says what is left) after this many scans. */
    private static final int MAX_SCANS = 5;

    private final List<Supplier<XAResource[]>> recoveryResources = new ArrayList<>();
    private RecoveryManager recoveryManager;

    private StandaloneNarayana() {
    }

    /**
     * @param objectStoreDir where the transaction logs go; the next run must use the same one to recover them
     * @param nodeIdentifier written into every Xid this transaction manager creates (28 bytes at most); recovery rolls
     *                       back prepared branches without a log only if they carry it, so keep it stable across runs
     */
    static StandaloneNarayana configure(Path objectStoreDir, String nodeIdentifier) throws IOException {
        String dir = Files.createDirectories(objectStoreDir).toString();
        // Every store Narayana opens, or the communication and state stores land in the working directory.
        for (ObjectStoreEnvironmentBean store : List.of(
                BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class),
                BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "communicationStore"),
                BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "stateStore"))) {
            store.setObjectStoreDir(dir);
        }
        CoreEnvironmentBean core = BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class);
        try {
            core.setNodeIdentifier(nodeIdentifier);
        } catch (CoreEnvironmentBeanException e) {
            throw new IllegalArgumentException("node identifier " + nodeIdentifier + " refused (28 bytes at most)", e);
        }
        core.setVarDir(objectStoreDir.resolve("var").toString());
        CoordinatorEnvironmentBean coordinator = BeanPopulator.getDefaultInstance(CoordinatorEnvironmentBean.class);
        // Work left hanging (a bug, a stuck resource) is rolled back by the reaper after 30 s instead of 60.
        coordinator.setDefaultTimeout(30);
        // No listener socket answering other processes' "is this transaction still running?": only this program
        // recovers its transactions, and only before it begins new ones.
        coordinator.setTransactionStatusManagerEnable(false);

        JTAEnvironmentBean jta = BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class);
        jta.setXaRecoveryNodes(List.of(nodeIdentifier));
        // A branch prepared without a transaction log is an orphan (its run died before deciding): roll it back when
        // no log names it and it carries this node's identifier.
        jta.setXaResourceOrphanFilterClassNames(List.of(JTATransactionLogXAResourceOrphanFilter.class.getName(),
                JTANodeNameXAResourceOrphanFilter.class.getName()));
        // Resource-manager names in the log, so recovery can finish a transaction killed between its two commits.
        jta.setXAResourceRecordWrappingPlugin(new ResourceNamesInLog());
        // Narayana normally waits 20 s before calling a branch an orphan, in case its transaction is still running
        // in this JVM. Recovery runs here before this run begins any transaction, so one scan may decide.
        jta.setOrphanSafetyInterval(0);

        RecoveryEnvironmentBean recovery = BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class);
        // Replays phase 2 of logged transactions, and asks the resource managers for their in-doubt branches.
        recovery.setRecoveryModuleClassNames(List.of(AtomicActionRecoveryModule.class.getName(),
                XARecoveryModule.class.getName()));
        recovery.setExpiryScannerClassNames(List.of());
        recovery.setRecoveryListener(false);
        // A scan makes two passes with this pause between them; 1 s is the minimum (0 would wait forever).
        recovery.setRecoveryBackoffPeriod(1);
        recovery.setPeriodicRecoveryPeriod(1);
        return new StandaloneNarayana();
    }

    TransactionManager transactionManager() {
        return com.arjuna.ats.jta.TransactionManager.transactionManager();
    }

    /**
     * Registers a resource manager for recovery. The supplier is asked at every scan and should hand out resources on
     * fresh connections: one that a previous scan used may be broken.
     */
    void addRecoveryResources(Supplier<XAResource[]> resources) {
        recoveryResources.add(resources);
        recoveryManager();
        XARecoveryModule.getRegisteredXARecoveryModule().addXAResourceRecoveryHelper(new XAResourceRecoveryHelper() {
            @Override
            public boolean initialise(String ignored) {
                return true;
            }

            @Override
            public XAResource[] getXAResources() {
                return resources.get();
            }
        });
    }

    /** Transactions in the object store that decided to commit and have not finished: what a killed run leaves. */
    int unfinishedTransactions() {
        InputObjectState uids = new InputObjectState();
        int count = 0;
        try {
            // A throwaway action (never begun) names the store type; made here, after configure, not in a static.
            if (StoreManager.getRecoveryStore().allObjUids(new AtomicAction().type(), uids)) {
                while (!UidHelper.unpackFrom(uids).equals(Uid.nullUid())) {
                    count++;
                }
            }
        } catch (ObjectStoreException | IOException e) {
            throw new IllegalStateException("cannot list the transaction logs in the object store", e);
        }
        return count;
    }

    /** The branches the registered resource managers hold prepared and unresolved, counted per supplier. */
    List<Integer> inDoubtBranches() throws XAException {
        List<Integer> counts = new ArrayList<>();
        for (Supplier<XAResource[]> supplier : recoveryResources) {
            int n = 0;
            for (XAResource r : supplier.get()) {
                n += r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length;
            }
            counts.add(n);
        }
        return counts;
    }

    /**
     * Runs recovery scans, synchronously, until no transaction log and no in-doubt branch is left; returns how many
     * scans that took. One scan usually does it: its first pass reads the logs and asks every resource manager for its
     * in-doubt branches, its second commits what a log says committed and rolls back orphans.
     */
    int recover() throws XAException {
        for (int scans = 1; ; scans++) {
            recoveryManager().scan();
            boolean done = unfinishedTransactions() == 0 && inDoubtBranches().stream().allMatch(n -> n == 0);
            if (done) {
                return scans;
            }
            if (scans == MAX_SCANS) {
                throw new IllegalStateException("recovery left " + unfinishedTransactions() + " transaction log(s) and "
                        + inDoubtBranches() + " in-doubt branch(es) after " + MAX_SCANS + " scans: see the log above");
            }
        }
    }

    /** Stops the recovery manager and the transaction reaper, so their threads do not outlive the program. */
    void shutdown() {
        if (recoveryManager != null) {
            recoveryManager.terminate();
            recoveryManager = null;
        }
        TransactionReaper.terminate(false);
    }

    /**
     * Copies a {@link NamedXAResource}'s name into the record Narayana logs for its branch, as application servers'
     * integrations of Narayana do for their data sources; stateless.
     */
    private static final class ResourceNamesInLog implements XAResourceRecordWrappingPlugin {
        @Override
        public void transcribeWrapperData(XAResourceRecord record) {
            if (record.value() instanceof XAResourceWrapper named) {
                record.setJndiName(named.getJndiName());
                record.setProductName(named.getProductName());
                record.setProductVersion(named.getProductVersion());
            }
        }

        /** No resource-manager number in the Xids: the names live in the log records. */
        @Override
        public Integer getEISName(XAResource resource) {
            return 0;
        }

        @Override
        public String getEISName(Integer eisName) {
            return String.valueOf(eisName);
        }
    }

    private RecoveryManager recoveryManager() {
        if (recoveryManager == null) {
            // No background thread and no listener socket: recovery runs when recover() says so.
            recoveryManager = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
        }
        return recoveryManager;
    }
}
