package io.ferrymq.client.impl;

import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.client.ClientAuthenticationException;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.auth.AclSignature;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What one producer, consumer or admin client needs underneath: connections, the nameserver list (one
 * used at a time, the next tried on failure), cached topic routes refreshed every 30 s, and heartbeats to
 * every broker the routes name. Safe from any thread; {@link #start()}/{@link #shutdown()} once each.
 */
public final class ClientInstance {
    private static final Logger LOG = LoggerFactory.getLogger(ClientInstance.class);

    private final ClientConfig config;
    private final String clientId;
    /** On the event loops every client of the JVM shares (RemotingConfig.sharedEventLoops). */
    private final NettyRemotingClient remoting = new NettyRemotingClient(new RemotingConfig());
    /**
     * This client's own, unlike its event loops: it runs blocking nameserver calls (seconds each when one is down),
     * lease renewals and push-consumer pulls, which must not wait behind another client's; shutdownNow() ends exactly
     * this client's tasks.
     */
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("ferrymq-client-scheduler"));
    private final ExecutorService callbacks = Executors.newCachedThreadPool(DaemonThreads.factory("ferrymq-client-callback"));
    private final Map<String, TopicRouteData> routes = new ConcurrentHashMap<>();
    private final List<Supplier<JsonObject>> producerData = new CopyOnWriteArrayList<>();
    private final List<Supplier<JsonObject>> consumerData = new CopyOnWriteArrayList<>();
    private final List<String> namesrvs;
    private volatile int namesrvIndex;
    /** See {@link #heartbeatWholeCluster()}. */
    private volatile boolean wholeCluster;
    private volatile Set<String> clusterBrokerAddrs = Set.of();

    public ClientInstance(ClientConfig config) {
        this.config = config;
        this.namesrvs = parseNamesrvs(config.getNamesrvAddr());
        this.namesrvIndex = namesrvs.isEmpty() ? 0 : ThreadLocalRandom.current().nextInt(namesrvs.size());
        this.clientId = localIp() + "@" + config.getInstanceName() + "#" + ProcessHandle.current().pid()
                + "#" + System.nanoTime();
    }

    private static List<String> parseNamesrvs(String raw) {
        List<String> list = new ArrayList<>();
        if (raw != null) {
            for (String a : raw.split(";")) {
                if (!a.isBlank()) {
                    list.add(a.trim());
                }
            }
        }
        return List.copyOf(list);
    }

    private static String localIp() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (java.io.IOException e) {
            return "127.0.0.1";
        }
    }

    public String clientId() {
        return clientId;
    }

    public ClientConfig config() {
        return config;
    }

    public void start() throws ClientException {
        if (namesrvs.isEmpty()) {
            throw new ClientException(-1, "FMQ-CLIENT-001 no nameserver address: set namesrvAddr (host:port;host:port)");
        }
        scheduler.scheduleWithFixedDelay(this::refreshAllRoutes, config.getPollNameServerIntervalMillis(),
                config.getPollNameServerIntervalMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> heartbeatAll(), 1_000, config.getHeartbeatBrokerIntervalMillis(),
                TimeUnit.MILLISECONDS);
    }

    public void shutdown() {
        scheduler.shutdownNow();
        callbacks.shutdownNow();
        remoting.shutdown();
    }

    /** Serves requests brokers send back (rebalance notices, status queries). */
    public void registerProcessor(RequestProcessor processor, int... codes) {
        remoting.registerProcessor(processor, callbacks, codes);
    }

    public void addProducerData(Supplier<JsonObject> data) {
        producerData.add(data);
    }

    public void removeProducerData(Supplier<JsonObject> data) {
        producerData.remove(data);
    }

    public void addConsumerData(Supplier<JsonObject> data) {
        consumerData.add(data);
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Where work that follows a broker's answer runs when it may call a broker again: not on the transport's I/O
     * thread, which must never wait for a new connection. Rejects work once this instance is shut down.
     */
    public java.util.concurrent.Executor callbackExecutor() {
        return callbacks;
    }

    // ------------------------------------------------------------------ nameservers and routes

    /** Calls nameservers in turn, starting with the current one, until one answers. */
    public RemotingCommand invokeNamesrv(RemotingCommand request) throws ClientException {
        ClientException last = null;
        for (int i = 0; i < namesrvs.size(); i++) {
            int index = (namesrvIndex + i) % namesrvs.size();
            String addr = namesrvs.get(index);
            try {
                RemotingCommand response = remoting.invokeSync(addr, request.serializeType(config.getSerializeType()),
                        config.getRequestTimeoutMillis());
                namesrvIndex = index;
                return response;
            } catch (RemotingException e) {
                last = new ClientException("FMQ-CLIENT-002 nameserver " + addr + " failed: " + e.getMessage(), e);
                LOG.debug("{}", last.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException("interrupted", e);
            }
            // A fresh request for the next nameserver: opaque ids must not repeat on one connection.
            request = copyOf(request);
        }
        throw last != null ? last : new ClientException(-1, "FMQ-CLIENT-001 no nameserver address");
    }

    private static RemotingCommand copyOf(RemotingCommand r) {
        RemotingCommand c = RemotingCommand.request(r.code()).body(r.body());
        if (r.extFields() != null) {
            c.extFields(new java.util.HashMap<>(r.extFields()));
        }
        return c;
    }

    /** The route of {@code topic}, from cache or the nameserver; null when the topic does not exist. */
    public TopicRouteData route(String topic) throws ClientException {
        TopicRouteData cached = routes.get(topic);
        return cached != null ? cached : refreshRoute(topic);
    }

    public TopicRouteData refreshRoute(String topic) throws ClientException {
        RemotingCommand response = invokeNamesrv(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .putExt("topic", topic));
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
            routes.remove(topic);
            return null;
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new ClientException(response.code(), "FMQ-CLIENT-003 route of " + topic + ": " + response.remark());
        }
        TopicRouteData route = TopicRouteData.fromJson(response.body());
        routes.put(topic, route);
        return route;
    }

    private void refreshAllRoutes() {
        for (String topic : Set.copyOf(routes.keySet())) {
            try {
                refreshRoute(topic);
            } catch (ClientException | RuntimeException e) {
                LOG.warn("FMQ-CLIENT-004 refreshing the route of {} failed: {}", topic, e.getMessage());
            }
        }
    }

    /** Address of the master of {@code brokerName} in any cached route, or null. */
    public String masterAddr(String brokerName) {
        BrokerData b = brokerData(brokerName);
        return b == null ? null : b.masterAddr();
    }

    /**
     * Where reads of {@code brokerName} go: the member with {@code preferredId} if it is alive, else the
     * master, else any member (a slave keeps serving while its master is down).
     */
    public String readAddr(String brokerName, long preferredId) {
        BrokerData b = brokerData(brokerName);
        if (b == null) {
            return null;
        }
        String preferred = b.brokerAddrs().get(preferredId);
        if (preferred != null) {
            return preferred;
        }
        String master = b.masterAddr();
        return master != null ? master : b.brokerAddrs().values().stream().findFirst().orElse(null);
    }

    private BrokerData brokerData(String brokerName) {
        for (TopicRouteData r : routes.values()) {
            for (BrokerData b : r.brokerDatas()) {
                if (b.brokerName().equals(brokerName)) {
                    return b;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ brokers

    public RemotingCommand invokeBroker(String addr, RemotingCommand request, long timeoutMillis) throws ClientException {
        try {
            return remoting.invokeSync(addr, signed(request), timeoutMillis);
        } catch (RemotingException e) {
            throw new ClientException("FMQ-CLIENT-005 broker " + addr + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", e);
        }
    }

    public CompletableFuture<RemotingCommand> invokeBrokerAsync(String addr, RemotingCommand request, long timeoutMillis) {
        return remoting.invokeAsync(addr, signed(request), timeoutMillis);
    }

    public void invokeBrokerOneway(String addr, RemotingCommand request) throws ClientException {
        try {
            remoting.invokeOneway(addr, signed(request));
        } catch (RemotingException e) {
            throw new ClientException("FMQ-CLIENT-005 broker " + addr + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every request to a broker leaves through here: in the configured header form, and signed as RocketMQ's
     * AclClientRPCHook does when credentials are set.
     */
    private RemotingCommand signed(RemotingCommand request) {
        request.serializeType(config.getSerializeType());
        if (config.hasCredentials()) {
            AclSignature.sign(request, config.getAccessKey(), config.getSecretKey(), null);
        }
        return request;
    }

    /**
     * Asks every broker the nameservers list, now and in parallel, whether it accepts this client's credentials
     * (none set is asked too), with an empty heartbeat: the one request every client sends and every broker answers.
     * Passes when at least one broker accepts and none refuses; a broker that cannot be reached is no refusal.
     *
     * @throws ClientAuthenticationException a broker refused the credentials (or their absence)
     * @throws ClientException no broker could answer: no nameserver, no broker registered, none reachable
     */
    public void verifyCredentials() throws ClientException {
        Set<String> brokers = new java.util.TreeSet<>();
        RemotingCommand info = invokeNamesrv(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
        if (info.code() == ResponseCode.SUCCESS && info.body() != null) {
            JsonObject table = Json.parseObject(info.body()).getObject("brokerAddrTable");
            if (table != null) {
                for (Map.Entry<Object, Object> e : table.entries()) {
                    brokers.addAll(BrokerData.fromJson((JsonObject) e.getValue()).brokerAddrs().values());
                }
            }
        }
        if (brokers.isEmpty()) {
            throw new ClientException(-1, "FMQ-CLIENT-401 cannot verify credentials: the nameservers list no broker"
                    + (info.code() == ResponseCode.SUCCESS ? "" : " (" + info.code() + " " + info.remark() + ")"));
        }
        byte[] body = Json.writeBytes(new JsonObject().put("clientID", clientId).put("consumerDataSet", List.of())
                .put("producerDataSet", List.of()));
        Map<String, CompletableFuture<RemotingCommand>> answers = new java.util.TreeMap<>();
        for (String addr : brokers) {
            answers.put(addr, invokeBrokerAsync(addr, RemotingCommand.request(RequestCode.HEART_BEAT).body(body),
                    config.getRequestTimeoutMillis()));
        }
        List<String> failures = new ArrayList<>();
        boolean accepted = false;
        for (Map.Entry<String, CompletableFuture<RemotingCommand>> a : answers.entrySet()) {
            RemotingCommand r;
            try {
                r = a.getValue().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(a.getKey() + ": " + e.getCause().getMessage());
                continue;
            }
            if (isAuthenticationRefusal(r)) {
                throw new ClientAuthenticationException(r.code(), "FMQ-CLIENT-400 broker " + a.getKey() + " refused "
                        + (config.hasCredentials() ? "the credentials of access key '" + config.getAccessKey() + "'"
                        : "a client without credentials") + ": " + r.remark());
            }
            if (r.code() == ResponseCode.SUCCESS) {
                accepted = true;
            } else {
                failures.add(a.getKey() + ": " + r.code() + " " + r.remark());
            }
        }
        if (!accepted) {
            throw new ClientException(-1, "FMQ-CLIENT-401 cannot verify credentials: no broker answered: " + failures);
        }
    }

    /**
     * A heartbeat is refused with NO_PERMISSION only for its credentials (FerryMQ, RocketMQ 5); RocketMQ 4.9's ACL
     * answers SYSTEM_ERROR with the text of its AclException.
     */
    private static boolean isAuthenticationRefusal(RemotingCommand r) {
        return r.code() == ResponseCode.NO_PERMISSION
                || (r.code() == ResponseCode.SYSTEM_ERROR && r.remark() != null && r.remark().contains("AclException"));
    }

    /**
     * From now on heartbeats go to every broker the nameservers list, not only to those of the topics this client
     * uses: a process that only answers transaction back-checks for a producer group sends nothing, yet every broker
     * holding half messages of the group must know it.
     */
    public void heartbeatWholeCluster() {
        wholeCluster = true;
    }

    private void refreshClusterBrokers() {
        try {
            RemotingCommand r = invokeNamesrv(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
            if (r.code() != ResponseCode.SUCCESS || r.body() == null) {
                return;
            }
            Set<String> addrs = new java.util.TreeSet<>();
            JsonObject table = Json.parseObject(r.body()).getObject("brokerAddrTable");
            if (table != null) {
                for (Map.Entry<Object, Object> e : table.entries()) {
                    addrs.addAll(BrokerData.fromJson((JsonObject) e.getValue()).brokerAddrs().values());
                }
            }
            clusterBrokerAddrs = Set.copyOf(addrs);
        } catch (ClientException | RuntimeException e) {
            LOG.debug("FMQ-CLIENT-007 cluster brokers not refreshed: {}", e.getMessage());
        }
    }

    /** Master address by broker name for every broker group of the cluster, as the nameserver lists them now. */
    public Map<String, String> clusterMasters() throws ClientException {
        Map<String, String> masters = new java.util.TreeMap<>();
        for (BrokerData b : clusterBrokerGroups()) {
            if (b.masterAddr() != null) {
                masters.put(b.brokerName(), b.masterAddr());
            }
        }
        return masters;
    }

    /** Every broker group of the cluster (master and slaves), as the nameserver lists them now. */
    public List<BrokerData> clusterBrokerGroups() throws ClientException {
        RemotingCommand r = invokeNamesrv(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
        if (r.code() != ResponseCode.SUCCESS || r.body() == null) {
            throw new ClientException(r.code(), "FMQ-CLIENT-008 cluster info: " + r.remark());
        }
        List<BrokerData> groups = new ArrayList<>();
        JsonObject table = Json.parseObject(r.body()).getObject("brokerAddrTable");
        if (table != null) {
            for (Map.Entry<Object, Object> e : table.entries()) {
                groups.add(BrokerData.fromJson((JsonObject) e.getValue()));
            }
        }
        return groups;
    }

    /** Every broker address in the cached routes (and of the whole cluster, see {@link #heartbeatWholeCluster()}). */
    public Set<String> allBrokerAddrs() {
        Set<String> addrs = new java.util.TreeSet<>(clusterBrokerAddrs);
        for (TopicRouteData r : routes.values()) {
            for (BrokerData b : r.brokerDatas()) {
                addrs.addAll(b.brokerAddrs().values());
            }
        }
        return addrs;
    }

    /** Sends one heartbeat to every known broker now; completes when all have answered or failed. */
    public CompletableFuture<Void> heartbeatAll() {
        if (wholeCluster) {
            refreshClusterBrokers();
        }
        List<Object> producers = new ArrayList<>();
        producerData.forEach(s -> producers.add(s.get()));
        List<Object> consumers = new ArrayList<>();
        consumerData.forEach(s -> consumers.add(s.get()));
        byte[] body = Json.writeBytes(new JsonObject().put("clientID", clientId).put("consumerDataSet", consumers)
                .put("producerDataSet", producers));
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String addr : allBrokerAddrs()) {
            calls.add(invokeBrokerAsync(addr, RemotingCommand.request(RequestCode.HEART_BEAT).body(body),
                    config.getRequestTimeoutMillis()).handle((r, e) -> {
                        if (e != null) {
                            LOG.debug("FMQ-CLIENT-006 heartbeat to {} failed: {}", addr, e.getMessage());
                        } else if (isAuthenticationRefusal(r)) {
                            // Every other call to that broker fails the same way: say why, every heartbeat, loudly.
                            LOG.warn("FMQ-CLIENT-403 broker {} refused this client's credentials: {}", addr, r.remark());
                        }
                        return null;
                    }));
        }
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
    }
}
