package io.ferrymq.broker.processor;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerStats;
import io.ferrymq.common.config.ConfigBinder;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.store.MessageStore;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Broker information for admin tools: GET_BROKER_RUNTIME_INFO (what clusterList shows) and GET_BROKER_CONFIG. */
public final class BrokerInfoProcessor implements RequestProcessor {
    private final BrokerConfig config;
    private final MessageStore store;
    private final BrokerStats stats;

    public BrokerInfoProcessor(BrokerConfig config, MessageStore store, BrokerStats stats) {
        this.config = config;
        this.store = store;
        this.stats = stats;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws IOException {
        return switch (request.code()) {
            case RequestCode.GET_BROKER_RUNTIME_INFO -> runtimeInfo(request);
            case RequestCode.GET_BROKER_CONFIG -> brokerConfig(request);
            default -> throw new IllegalArgumentException("not a broker-info request: " + request.code());
        };
    }

    private RemotingCommand runtimeInfo(RemotingCommand request) {
        File dir = store.config().commitLogDir().toFile();
        double diskRatio = dir.getTotalSpace() <= 0 ? 0 : 1.0 - (double) dir.getUsableSpace() / dir.getTotalSpace();
        JsonObject table = new JsonObject()
                .put("brokerVersionDesc", "V5_3_3")
                .put("brokerVersion", Integer.toString(RemotingCommand.CURRENT_VERSION))
                .put("brokerActive", "true")
                .put("putTps", stats.putTps())
                .put("getTransferredTps", stats.getTps())
                .put("msgPutTotalTodayNow", Long.toString(stats.putTotal()))
                .put("msgGetTotalTodayNow", Long.toString(stats.getTotal()))
                .put("msgPutTotalTodayMorning", "0")
                .put("msgGetTotalTodayMorning", "0")
                .put("msgPutTotalYesterdayMorning", "0")
                .put("msgGetTotalYesterdayMorning", "0")
                .put("sendThreadPoolQueueSize", "0")
                .put("pullThreadPoolQueueSize", "0")
                .put("sendThreadPoolQueueHeadWaitTimeMills", "0")
                .put("pullThreadPoolQueueHeadWaitTimeMills", "0")
                .put("pageCacheLockTimeMills", "0")
                .put("commitLogDiskRatio", Double.toString(diskRatio))
                .put("commitLogMinOffset", Long.toString(store.commitLogMinOffset()))
                .put("commitLogMaxOffset", Long.toString(store.commitLogMaxOffset()))
                .put("dispatchBehindBytes", Long.toString(store.commitLogMaxOffset() - store.dispatchedOffset()))
                .put("brokerRole", store.config().getBrokerRole().name())
                // Replication, as an operator checks it: a master's slaves and how much the best one holds; a
                // slave's view of its master's end (-1 before first contact).
                .put("haConnectedSlaves", Integer.toString(store.connectedSlaves()))
                .put("haSlaveHeldOffset", Long.toString(store.slaveHeldOffset()))
                .put("haMasterMaxOffset", Long.toString(store.masterOffsetSeen()));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.writeBytes(new JsonObject().put("table", table)));
    }

    private RemotingCommand brokerConfig(RemotingCommand request) throws IOException {
        Properties p = ConfigBinder.toProperties(config);
        p.putAll(ConfigBinder.toProperties(store.config()));
        StringWriter w = new StringWriter();
        p.store(w, null);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putExt("version", Json.write(new JsonObject().put("counter", 0).put("stateVersion", 0)
                        .put("timestamp", System.currentTimeMillis())))
                .body(w.toString().getBytes(StandardCharsets.UTF_8));
    }
}
