package io.ferrymq.jca.inbound;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Timer;

/** The part of an application server's BootstrapContext the adapter uses: a WorkManager and timers. */
final class FakeBootstrapContext implements BootstrapContext {
    private final FakeWorkManager workManager;

    FakeBootstrapContext(FakeWorkManager workManager) {
        this.workManager = workManager;
    }

    @Override
    public WorkManager getWorkManager() {
        return workManager;
    }

    @Override
    public XATerminator getXATerminator() {
        return null;
    }

    @Override
    public Timer createTimer() {
        return new Timer("fake-bootstrap-timer", true);
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
        return workContextClass == HintsContext.class;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
        return null;
    }
}
