package io.ferrymq.jca;

import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.transaction.TransactionManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Narayana as the transaction manager behind the adapter's tests (the part of an application server the test doubles
 * do not fake): configured once per JVM, with its object store in a temp dir.
 */
public final class TestTransactions {
    private static TransactionManager manager;

    private TestTransactions() {
    }

    /** This JVM's transaction manager, configured on first use. */
    public static synchronized TransactionManager manager() {
        if (manager == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("ferrymq-jca-objectstore");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (ObjectStoreEnvironmentBean store : List.of(BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class),
                    BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "communicationStore"),
                    BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "stateStore"))) {
                store.setObjectStoreDir(dir.toString());
            }
            CoreEnvironmentBean core = BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class);
            try {
                core.setNodeIdentifier("ferrymq-jca-test");
            } catch (CoreEnvironmentBeanException e) {
                throw new IllegalStateException(e);
            }
            core.setVarDir(dir.resolve("var").toString());
            BeanPopulator.getDefaultInstance(CoordinatorEnvironmentBean.class).setDefaultTimeout(30);
            manager = com.arjuna.ats.jta.TransactionManager.transactionManager();
        }
        return manager;
    }
}
