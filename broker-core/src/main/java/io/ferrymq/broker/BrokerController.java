package io.ferrymq.broker;

import io.ferrymq.common.config.ConfigException;
import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.broker.auth.RequestAuthenticator;
import io.ferrymq.broker.auth.UserStore;
import io.ferrymq.broker.client.ClientRegistry;
import io.ferrymq.broker.client.QueueLockTable;
import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.namesrv.NamesrvRegistrar;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.processor.BrokerInfoProcessor;
import io.ferrymq.broker.processor.ClientManageProcessor;
import io.ferrymq.broker.processor.ConsumerManageProcessor;
import io.ferrymq.broker.processor.ConsumerSendMsgBackProcessor;
import io.ferrymq.broker.processor.DeadLetterRedriveProcessor;
import io.ferrymq.broker.processor.DispatchProcessor;
import io.ferrymq.broker.dispatch.DispatchService;
import io.ferrymq.broker.dispatch.DispatchTable;
import io.ferrymq.broker.processor.EndTransactionProcessor;
import io.ferrymq.broker.processor.GroupAdminProcessor;
import io.ferrymq.broker.processor.PullMessageProcessor;
import io.ferrymq.broker.processor.QueryMessageProcessor;
import io.ferrymq.broker.processor.QueueLockProcessor;
import io.ferrymq.broker.processor.QueueOffsetProcessor;
import io.ferrymq.broker.processor.SendMessageProcessor;
import io.ferrymq.broker.processor.TopicAdminProcessor;
import io.ferrymq.broker.processor.TransactionAdminProcessor;
import io.ferrymq.broker.retry.DeadLetterRedriver;
import io.ferrymq.broker.retry.SendBackService;
import io.ferrymq.broker.slave.SlaveSynchronizer;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.transaction.TransactionService;
import io.ferrymq.broker.xa.XaService;
import io.ferrymq.broker.processor.XaProcessor;
import io.ferrymq.remoting.ConnectionListener;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.auth.AclSignature;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One broker: the store, the broker's tables, the processor table and the nameserver registration, wired
 * together. {@link #start()} and {@link #shutdown()} once each, from one thread.
 */
public final class BrokerController {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerController.class);

    private final BrokerConfig config;
    private final StoreConfig storeConfig;
    private final Clock clock;
    private final MessageStore store;
    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final SubscriptionGroupTable groups;
    /** Sends dead letters back on an admin's request, once each. */
    private final DeadLetterRedriver deadLetters;
    /** Per-message delivery state (DISPATCH_* requests). */
    private final DispatchTable dispatchTable;
    private final ClientRegistry clients = new ClientRegistry();
    private final QueueLockTable queueLocks;
    private final BrokerStats stats = new BrokerStats();
    private final ScheduledExecutorService scheduler;
    private final List<ExecutorService> executors = new ArrayList<>();
    private NettyRemotingServer server;
    private NettyRemotingClient outbound;
    private NamesrvRegistrar registrar;
    private PullMessageProcessor pullProcessor;
    private DispatchProcessor dispatchProcessor;
    private DispatchService dispatch;
    private boolean stopped;
    private SlaveSynchronizer slaveSynchronizer;
    /** Masters only: half messages, END_TRANSACTION and the back-check. */
    private TransactionService transactions;
    private XaService xa;

    public BrokerController(BrokerConfig config, StoreConfig storeConfig) {
        this(config, storeConfig, Clock.systemDefaultZone());
    }

    public BrokerController(BrokerConfig config, StoreConfig storeConfig, Clock clock) {
        this.config = config;
        this.storeConfig = storeConfig;
        this.clock = clock;
        resolveReplicationAddress(config, storeConfig);
        this.store = new MessageStore(storeConfig, clock);
        Path configDir = storeConfig.rootDir().resolve("config");
        this.topics = new TopicConfigTable(configDir.resolve("topics.json"), config, clock);
        this.offsets = new ConsumerOffsetTable(configDir.resolve("consumerOffset.json"));
        this.groups = new SubscriptionGroupTable(configDir.resolve("subscriptionGroup.json"));
        this.queueLocks = new QueueLockTable(clock, config::getRebalanceLockMaxLiveTime);
        this.deadLetters = new DeadLetterRedriver(topics, groups, store, clock, configDir);
        this.dispatchTable = new DispatchTable(offsets, new DispatchTable.QueueBounds() {
            @Override
            public long minOffset(String topic, int queueId) {
                return store.minOffsetInQueue(topic, queueId);
            }

            @Override
            public long maxOffset(String topic, int queueId) {
                // Messages already acknowledged to their senders may not be in the ConsumeQueue yet (the dispatcher
                // runs behind the CommitLog): a subscription starting "after everything stored" waits for them.
                long stored = store.commitLogMaxOffset();
                long giveUp = System.nanoTime() + 3_000_000_000L;
                while (store.dispatchedOffset() < stored && System.nanoTime() < giveUp) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
                return store.maxOffsetInQueue(topic, queueId);
            }
        }, configDir.resolve("dispatchState.json"));
        this.scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.factory("ferrymq-broker-scheduler"));
    }

    /**
     * The replication port follows the broker's port unless set (RocketMQ's listenPort + 1; any free port
     * when the broker itself takes any free port), and binds where the broker binds.
     */
    private static void resolveReplicationAddress(BrokerConfig config, StoreConfig storeConfig) {
        if (storeConfig.getHaListenPort() < 0) {
            storeConfig.setHaListenPort(config.getListenPort() == 0 ? 0 : config.getListenPort() + 1);
        }
        if (storeConfig.getHaBindAddress() == null || storeConfig.getHaBindAddress().isBlank()) {
            storeConfig.setHaBindAddress(config.getBindAddress());
        }
    }

    public synchronized void start() throws IOException, InterruptedException {
        // Before anything starts: a broker asked to check credentials never serves without them.
        RequestAuthenticator authenticator = config.isAclEnable() ? authenticator() : null;
        Consumer<RemotingCommand> innerSigner = innerSigner();
        XaService.validate(config, storeConfig.getFileReservedTime());
        store.start();
        topics.load();
        offsets.load();
        groups.load();
        deadLetters.load();
        dispatchTable.load();
        server = new NettyRemotingServer(new RemotingConfig().setBindAddress(config.getBindAddress())
                .setListenPort(config.getListenPort()));
        if (authenticator != null) {
            server.setRequestGate(authenticator);
        }
        server.start();
        if (config.getListenPort() == 0) {
            // Tests ask for any free port; processors and nameservers must be told the real one. Nobody can
            // address this broker before it registers, so registering processors after binding loses nothing.
            config.setListenPort(server.port());
        }
        if (storeConfig.isMaster()) {
            transactions = new TransactionService(config, store, clients, offsets, clock,
                    new InetSocketAddress(config.getBrokerIP1(), config.getListenPort()));
            transactions.recover();
        }
        registerProcessors(server);
        server.addConnectionListener(new ConnectionListener() {
            @Override
            public void onClosed(RemotingChannel channel) {
                clients.onChannelClosed(channel);
            }
        });
        pullProcessor.holds().start();
        store.addArrivalListener((topic, queueId, nextOffset, tagsCode, storeTimestamp) ->
                dispatchProcessor.waiters().wake(topic));
        scheduler.scheduleWithFixedDelay(() -> {
            dispatch.expireLeases();
            dispatchProcessor.waiters().sweep(clock.millis());
        }, 100, 100, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(dispatchTable::persist, config.getFlushConsumerOffsetInterval(),
                config.getFlushConsumerOffsetInterval(), TimeUnit.MILLISECONDS);
        // Its own loops, as the broker's server has: the nameserver registrations and a slave's copying never wait
        // behind (or stall) the clients an application runs in the same JVM, and the broker's threads end with it.
        outbound = new NettyRemotingClient(new RemotingConfig().setSharedEventLoops(false));
        int haPort = store.haListenPort() > 0 ? store.haListenPort() : config.getListenPort() + 1;
        registrar = new NamesrvRegistrar(config, topics, outbound, scheduler, haPort);
        scheduler.scheduleAtFixedRate(offsets::persist, config.getFlushConsumerOffsetInterval(),
                config.getFlushConsumerOffsetInterval(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(stats::sample, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(() -> clients.dropSilent(clock.millis(), config.getChannelExpiredTimeout()),
                10, 10, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(queueLocks::pruneExpired, 60, 60, TimeUnit.SECONDS);
        if (!storeConfig.isMaster()) {
            slaveSynchronizer = new SlaveSynchronizer(topics, offsets, groups, outbound, innerSigner);
            registrar.onMasterLearned((masterAddr, haAddr) -> {
                slaveSynchronizer.masterAddr(masterAddr);
                store.followMaster(haAddr);
            });
            slaveSynchronizer.start(scheduler);
        }
        registrar.start();
        if (transactions != null) {
            transactions.start();
        }
        if (xa != null) {
            xa.start();
        }
        LOG.info("FMQ-BROKER-001 broker {} (id {}, {}) of cluster {} serving on {}", config.getBrokerName(),
                config.getBrokerId(), storeConfig.getBrokerRole(), config.getBrokerClusterName(), config.brokerAddr());
    }

    /**
     * The processor table: every request family, its processor and its own bounded executor, so sends,
     * pulls, client management and admin never starve one another.
     */
    private void registerProcessors(NettyRemotingServer s) {
        ExecutorService send = pool(config.getSendMessageThreadPoolNums(), 10_000, "ferrymq-send");
        ExecutorService pull = pool(config.getPullMessageThreadPoolNums(), 100_000, "ferrymq-pull");
        ExecutorService clientManage = pool(config.getClientManageThreadPoolNums(), 50_000, "ferrymq-client");
        ExecutorService admin = pool(config.getAdminBrokerThreadPoolNums(), 10_000, "ferrymq-admin");
        ExecutorService query = pool(2, 10_000, "ferrymq-query");
        ExecutorService endTransaction = pool(config.getEndTransactionThreadPoolNums(), 100_000, "ferrymq-end-transaction");

        SendBackService sendBack = new SendBackService(config, topics, groups, store, clock);
        ExecutorService dispatchPool = pool(config.getPullMessageThreadPoolNums(), 100_000, "ferrymq-dispatch");
        dispatch = new DispatchService(store, dispatchTable, sendBack, clock, topic -> dispatchProcessor.waiters().wake(topic));
        dispatchProcessor = new DispatchProcessor(config, topics, groups, store, dispatch, stats, dispatchPool);
        s.registerProcessor(dispatchProcessor, dispatchPool, RequestCode.DISPATCH_SUBSCRIBE, RequestCode.DISPATCH_RECEIVE,
                RequestCode.DISPATCH_ACK, RequestCode.DISPATCH_RELEASE, RequestCode.DISPATCH_RENEW,
                RequestCode.DISPATCH_UNSUBSCRIBE, RequestCode.DISPATCH_STOP_WAITING);
        s.registerProcessor(new SendMessageProcessor(config, topics, store, stats).retryRouting(sendBack), send,
                RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE);
        s.registerProcessor(new ConsumerSendMsgBackProcessor(sendBack), send, RequestCode.CONSUMER_SEND_MSG_BACK);
        s.registerProcessor(new DeadLetterRedriveProcessor(deadLetters), admin, RequestCode.REDRIVE_DEAD_LETTERS);
        pullProcessor = new PullMessageProcessor(config, topics, groups, clients, offsets, store, stats, pull);
        s.registerProcessor(pullProcessor, pull, RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE);
        s.registerProcessor(new ClientManageProcessor(config, clients, topics, groups, clock), clientManage,
                RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT, RequestCode.CHECK_CLIENT_CONFIG);
        s.registerProcessor(new ConsumerManageProcessor(clients, offsets, store), clientManage,
                RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET,
                RequestCode.GET_CONSUMER_LIST_BY_GROUP, RequestCode.GET_ALL_CONSUMER_OFFSET);
        s.registerProcessor(new QueueLockProcessor(queueLocks), clientManage,
                RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ);
        s.registerProcessor(new QueueOffsetProcessor(store), clientManage,
                RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                RequestCode.GET_EARLIEST_MSG_STORETIME);
        s.registerProcessor(new QueryMessageProcessor(store), query,
                RequestCode.QUERY_MESSAGE, RequestCode.VIEW_MESSAGE_BY_ID);
        s.registerProcessor(new TopicAdminProcessor(topics), admin,
                RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER,
                RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.GET_TOPIC_CONFIG);
        s.registerProcessor(new GroupAdminProcessor(groups, offsets), admin,
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                RequestCode.DELETE_SUBSCRIPTIONGROUP);
        s.registerProcessor(new EndTransactionProcessor(store, transactions), endTransaction, RequestCode.END_TRANSACTION);
        if (transactions != null) {
            xa = new XaService(config, storeConfig.getFileReservedTime(), store,
                    new InetSocketAddress(config.getBrokerIP1(), config.getListenPort()), transactions, dispatch, () -> {
                        offsets.persist();
                        dispatchTable.persist();
                    }, clock);
            xa.recover();
        }
        s.registerProcessor(new XaProcessor(config, store, xa), pool(2, 10_000, "ferrymq-xa"), RequestCode.XA_PREPARE,
                RequestCode.XA_COMMIT, RequestCode.XA_ROLLBACK, RequestCode.XA_RECOVER, RequestCode.XA_FORGET);
        s.registerProcessor(new TransactionAdminProcessor(transactions), admin, RequestCode.LIST_HALF_MESSAGES,
                RequestCode.RESOLVE_HALF_MESSAGE, RequestCode.RESUME_HALF_MESSAGES, RequestCode.RESUME_CHECK_HALF_MESSAGE);
        s.registerProcessor(new BrokerInfoProcessor(config, store, stats), admin,
                RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.GET_BROKER_CONFIG);
    }

    /**
     * Signs this broker's own requests to other brokers with {@code innerAccessKey}/{@code innerSecretKey}, or not at all
     * when neither is set.
     *
     * @throws ConfigException when only one of them is set
     */
    private Consumer<RemotingCommand> innerSigner() {
        String accessKey = config.getInnerAccessKey();
        String secretKey = config.getInnerSecretKey();
        boolean noKey = accessKey == null || accessKey.isBlank();
        boolean noSecret = secretKey == null || secretKey.isEmpty();
        if (noKey != noSecret) {
            throw new ConfigException("FMQ-BROKER-308 innerAccessKey and innerSecretKey go together: set both (a slave of"
                    + " a master with aclEnable) or neither");
        }
        return noKey ? request -> { } : request -> AclSignature.sign(request, accessKey, secretKey, null);
    }

    /** aclEnable: the users file is read now (a missing or bad one stops the start) and re-read when it changes. */
    private RequestAuthenticator authenticator() {
        UserStore users = new UserStore(UserStore.fileOf(config.getAclFile(), storeConfig.rootDir()));
        users.load();
        scheduler.scheduleWithFixedDelay(users::reloadIfChanged, 5, 5, TimeUnit.SECONDS);
        return new RequestAuthenticator(users);
    }

    private ExecutorService pool(int threads, int queue, String name) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queue), DaemonThreads.factory(name));
        executors.add(e);
        return e;
    }

    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (registrar != null) {
            registrar.unregisterAll();
        }
        scheduler.shutdownNow();
        if (pullProcessor != null) {
            pullProcessor.holds().shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
        if (outbound != null) {
            outbound.shutdown();
        }
        executors.forEach(ExecutorService::shutdownNow);
        if (xa != null) {
            xa.shutdown();
        }
        if (transactions != null) {
            transactions.shutdown();
        }
        dispatchTable.persist();
        offsets.persist();
        store.shutdown();
        LOG.info("FMQ-BROKER-002 broker {} stopped", config.getBrokerName());
    }

    public BrokerConfig config() {
        return config;
    }

    public MessageStore store() {
        return store;
    }

    public TopicConfigTable topics() {
        return topics;
    }

    public ConsumerOffsetTable offsets() {
        return offsets;
    }

    public SubscriptionGroupTable groups() {
        return groups;
    }

    public QueueLockTable queueLocks() {
        return queueLocks;
    }

    /** The master's transaction service; null on a slave or before start. */
    public TransactionService transactions() {
        return transactions;
    }

    /** The master's XA branches; null on a slave or before start. */
    public XaService xa() {
        return xa;
    }

    public int port() {
        return server.port();
    }
}
