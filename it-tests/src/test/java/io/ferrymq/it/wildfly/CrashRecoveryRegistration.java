package io.ferrymq.it.wildfly;

import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

import javax.transaction.xa.XAResource;

/**
 * Server side (test 6): registers {@link CrashXAResource} with the server's Narayana recovery while the application
 * is deployed, as a real resource manager's integration would, so the restarted server can finish its branch.
 */
@Singleton
@Startup
public class CrashRecoveryRegistration {
    private final XAResourceRecoveryHelper helper = new XAResourceRecoveryHelper() {
        @Override
        public boolean initialise(String p) {
            return true;
        }

        @Override
        public XAResource[] getXAResources() {
            return new XAResource[] {new CrashXAResource(false)};
        }
    };

    @PostConstruct
    void register() {
        XARecoveryModule.getRegisteredXARecoveryModule().addXAResourceRecoveryHelper(helper);
    }

    @PreDestroy
    void unregister() {
        XARecoveryModule.getRegisteredXARecoveryModule().removeXAResourceRecoveryHelper(helper);
    }
}
