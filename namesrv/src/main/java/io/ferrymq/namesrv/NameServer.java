package io.ferrymq.namesrv;

import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.remoting.ConnectionListener;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A nameserver: the route table behind a remoting server, with its processor table and the liveness
 * scan. Nameservers never talk to each other; each learns everything from broker registrations.
 * {@link #start()} and {@link #shutdown()} once each, from one thread.
 */
public final class NameServer {
    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);

    private final NamesrvConfig config;
    private final Clock clock;
    private final RouteInfoTable routes = new RouteInfoTable();
    private final NettyRemotingServer server;
    private final ExecutorService registrationExecutor;
    private final ExecutorService queryExecutor;
    private final ScheduledExecutorService scanner;

    public NameServer(NamesrvConfig config) {
        this(config, Clock.systemUTC());
    }

    public NameServer(NamesrvConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.server = new NettyRemotingServer(new RemotingConfig().setBindAddress(config.getBindAddress())
                .setListenPort(config.getListenPort()));
        this.registrationExecutor = boundedPool(2, "ferrymq-namesrv-register");
        this.queryExecutor = boundedPool(config.getServerWorkerThreads(), "ferrymq-namesrv-query");
        this.scanner = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("ferrymq-namesrv-scan"));
        registerProcessors();
    }

    /** The processor table: one processor per request family, each on its own executor. */
    private void registerProcessors() {
        server.registerProcessor(new BrokerRegistrationProcessor(routes, clock), registrationExecutor,
                RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER, RequestCode.QUERY_DATA_VERSION);
        server.registerProcessor(new RouteQueryProcessor(routes), queryExecutor,
                RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.GET_BROKER_CLUSTER_INFO,
                RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_TOPICS_BY_CLUSTER,
                RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, RequestCode.GET_UNIT_TOPIC_LIST,
                RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
                RequestCode.DELETE_TOPIC_IN_NAMESRV);
        server.addConnectionListener(new ConnectionListener() {
            @Override
            public void onClosed(RemotingChannel channel) {
                routes.onChannelClosed(channel);
            }
        });
    }

    private static ExecutorService boundedPool(int threads, String name) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                DaemonThreads.factory(name));
    }

    public void start() throws InterruptedException {
        server.start();
        long interval = config.getScanNotActiveBrokerInterval();
        scanner.scheduleAtFixedRate(() -> {
            try {
                routes.dropSilentBrokers(clock.millis(), config.getBrokerChannelExpiredTime());
            } catch (RuntimeException e) {
                LOG.error("FMQ-NAMESRV-030 liveness scan failed", e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("FMQ-NAMESRV-001 nameserver started on port {}", port());
    }

    public int port() {
        return server.port();
    }

    public RouteInfoTable routes() {
        return routes;
    }

    public synchronized void shutdown() {
        if (scanner.isShutdown()) {
            return;
        }
        scanner.shutdownNow();
        server.shutdown();
        registrationExecutor.shutdownNow();
        queryExecutor.shutdownNow();
        LOG.info("FMQ-NAMESRV-002 nameserver stopped");
    }
}
