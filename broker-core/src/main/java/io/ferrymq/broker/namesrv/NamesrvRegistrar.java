package io.ferrymq.broker.namesrv;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.header.UnregisterBrokerRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;

/**
 * Keeps this broker registered with every nameserver: at start, every {@code registerNameServerPeriod},
 * and right after its topics change. Each nameserver is called independently: one that is down delays
 * nothing for the others. Runs on the broker's scheduler.
 */
public final class NamesrvRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(NamesrvRegistrar.class);
    private static final long TIMEOUT_MILLIS = 6_000;

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    private final NettyRemotingClient client;
    private final ScheduledExecutorService scheduler;
    private final int haPort;
    /** Told of the master a slave's registration answer names: (masterAddr, haServerAddr). */
    private volatile BiConsumer<String, String> masterListener = (m, h) -> { };

    public NamesrvRegistrar(BrokerConfig config, TopicConfigTable topics, NettyRemotingClient client,
                            ScheduledExecutorService scheduler, int haPort) {
        this.config = config;
        this.topics = topics;
        this.client = client;
        this.scheduler = scheduler;
        this.haPort = haPort;
    }

    public void onMasterLearned(BiConsumer<String, String> listener) {
        this.masterListener = listener;
    }

    public List<String> namesrvAddresses() {
        List<String> addrs = new ArrayList<>();
        String raw = config.getNamesrvAddr();
        if (raw != null) {
            for (String a : raw.split(";")) {
                if (!a.isBlank()) {
                    addrs.add(a.trim());
                }
            }
        }
        return addrs;
    }

    public void start() {
        if (namesrvAddresses().isEmpty()) {
            LOG.warn("FMQ-BROKER-080 namesrvAddr is empty: clients cannot find this broker through a nameserver");
            return;
        }
        topics.addListener(() -> scheduler.execute(this::registerAll));
        long period = config.effectiveRegisterPeriod();
        scheduler.scheduleAtFixedRate(this::registerAll, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Registers with every nameserver now. */
    public void registerAll() {
        byte[] body = Json.writeBytes(new JsonObject().put("filterServerList", List.of())
                .put("topicConfigSerializeWrapper", topics.wrapperJson()));
        CRC32 crc = new CRC32();
        crc.update(body);
        for (String addr : namesrvAddresses()) {
            RegisterBrokerRequestHeader h = new RegisterBrokerRequestHeader();
            h.brokerName = config.getBrokerName();
            h.brokerAddr = config.brokerAddr();
            h.clusterName = config.getBrokerClusterName();
            h.haServerAddr = config.getBrokerIP1() + ":" + haPort;
            h.brokerId = config.getBrokerId();
            h.compressed = false;
            h.bodyCrc32 = (int) (crc.getValue() & 0x7FFFFFFF);
            RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER).header(h).body(body);
            client.invokeAsync(addr, request, TIMEOUT_MILLIS).whenComplete((response, error) -> {
                if (error != null) {
                    LOG.warn("FMQ-BROKER-081 registering with nameserver {} failed: {}", addr, error.getMessage());
                } else if (response.code() != ResponseCode.SUCCESS) {
                    LOG.warn("FMQ-BROKER-082 nameserver {} refused the registration: {} {}", addr, response.code(),
                            response.remark());
                } else if (response.ext("masterAddr") != null) {
                    masterListener.accept(response.ext("masterAddr"), response.ext("haServerAddr"));
                }
            });
        }
    }

    /** Tells every nameserver this broker is leaving, so clients stop routing to it at once. */
    public void unregisterAll() {
        for (String addr : namesrvAddresses()) {
            UnregisterBrokerRequestHeader h = new UnregisterBrokerRequestHeader();
            h.brokerName = config.getBrokerName();
            h.brokerAddr = config.brokerAddr();
            h.clusterName = config.getBrokerClusterName();
            h.brokerId = config.getBrokerId();
            try {
                client.invokeSync(addr, RemotingCommand.request(RequestCode.UNREGISTER_BROKER).header(h), 3_000);
            } catch (RemotingException e) {
                LOG.warn("FMQ-BROKER-083 unregistering from nameserver {} failed: {}", addr, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
