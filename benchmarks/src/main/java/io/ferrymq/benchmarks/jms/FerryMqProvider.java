package io.ferrymq.benchmarks.jms;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.StoreConfig;
import jakarta.jms.ConnectionFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FerryMQ in this JVM: a nameserver and a master broker on 127.0.0.1 (free ports), the store under the run's
 * directory, and {@link FerryConnectionFactory} pointed at the nameserver. Everything is at FerryMQ's defaults
 * except the addresses, the store path and the flush type ({@code SYNC_FLUSH} by default: each acknowledged send
 * is on disk; the {@code -async} variant runs {@code ASYNC_FLUSH}). FerryMQ stores every message, whatever its
 * JMS delivery mode.
 */
final class FerryMqProvider implements BenchProvider {
    private final FlushDiskType flush;
    private NameServer namesrv;
    private BrokerController broker;
    private FerryConnectionFactory factory;

    FerryMqProvider() {
        this(FlushDiskType.SYNC_FLUSH);
    }

    FerryMqProvider(FlushDiskType flush) {
        this.flush = flush;
    }

    /** The ASYNC_FLUSH variant, loaded by name. */
    static final class AsyncFlush implements BenchProvider {
        private final FerryMqProvider delegate = new FerryMqProvider(FlushDiskType.ASYNC_FLUSH);

        @Override
        public ConnectionFactory connectionFactory() {
            return delegate.connectionFactory();
        }

        @Override
        public void start(Path dir, JmsOptions options) throws Exception {
            delegate.start(dir, options);
        }

        @Override
        public List<String> settings() {
            return delegate.settings();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Override
    public void start(Path dir, JmsOptions options) throws Exception {
        namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        String namesrvAddr = "127.0.0.1:" + namesrv.port();
        BrokerConfig config = new BrokerConfig().setBrokerName("bench-broker").setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(0).setNamesrvAddr(namesrvAddr)
                .setAutoCreateTopicEnable(true).setAutoCreateSubscriptionGroup(true);
        StoreConfig store = new StoreConfig().setStorePathRootDir(dir.resolve("store").toString())
                .setFlushDiskType(flush);
        broker = new BrokerController(config, store);
        broker.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!namesrv.routes().clusterInfo().brokers().containsKey("bench-broker")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not register with the nameserver");
            }
            Thread.sleep(20);
        }
        factory = new FerryConnectionFactory();
        factory.setNamesrvAddr(namesrvAddr);
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    @Override
    public List<String> settings() {
        StoreConfig s = broker.store().config();
        BrokerConfig b = broker.config();
        List<String> out = new ArrayList<>();
        out.add("broker: flushDiskType=" + s.getFlushDiskType() + ", commitLogWriteMode=" + s.getCommitLogWriteMode()
                + " (AUTO: WRITE = pwrite + fdatasync under SYNC_FLUSH, MAPPED under ASYNC_FLUSH)"
                + ", syncFlushTimeout=" + s.getSyncFlushTimeout() + " ms, mappedFileSizeCommitLog="
                + s.getMappedFileSizeCommitLog() + ", sendMessageThreadPoolNums=" + b.getSendMessageThreadPoolNums()
                + ", defaultTopicQueueNums=" + b.getDefaultTopicQueueNums() + "; everything else at its default");
        out.add("client: FerryConnectionFactory with namesrvAddr only (" + factory.getConfig() + "); every other"
                + " option at its default (prefetchSize=" + factory.getPrefetchSize() + ", sendTimeoutMillis="
                + factory.getSendTimeoutMillis() + ", defaultQueueCount=" + factory.getDefaultQueueCount()
                + ", nonPersistentWindowBytes=" + factory.getNonPersistentWindowBytes()
                + ": a non-persistent send does not wait for the broker)");
        return out;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.shutdown();
        }
        if (namesrv != null) {
            namesrv.shutdown();
        }
    }
}
